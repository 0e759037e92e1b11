"""The peak-memory estimator: parameter counts against published figures, the estimate against a
measured CPU peak of real LoRA steps on the embedded model, and the one-line refusal with the fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from transformers import LlamaConfig

from remake.models.memory import GIB, TrainingShape, architecture, estimate, load_config, lora_parameters

WORKER = Path(__file__).resolve().parents[1] / "support" / "memory_worker.py"
LLAMA_31_8B = LlamaConfig(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                          intermediate_size=14336, vocab_size=128256, tie_word_embeddings=False)


@pytest.fixture(scope="module")
def smollm():
    return architecture(load_config("smollm2-135m"))


def test_parameter_counts_match_published_figures(smollm):
    llama = architecture(LLAMA_31_8B)
    assert llama.params == 8_030_261_248          # Llama-3.1-8B
    assert lora_parameters(llama, 16, "all-linear") == 41_943_040  # peft's "trainable params" at r=16, all-linear
    assert lora_parameters(llama, 16, ("q_proj", "v_proj")) == 32 * 16 * (4096 + 4096 + 4096 + 1024)
    assert smollm.params == 134_515_008            # SmolLM2-135M (tied embeddings)


@pytest.mark.slow
@pytest.mark.parametrize("dropout,checkpointing", [(0.05, False), (0.05, True)])
def test_estimate_within_15_percent_of_measured_cpu_peak(smollm, dropout, checkpointing):
    batch, length = 4, 128
    env = {**os.environ, "MALLOC_MMAP_THRESHOLD_": "65536", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, str(WORKER), str(batch), str(length), str(dropout), str(int(checkpointing))],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])["peak"]
    predicted = estimate(smollm, TrainingShape(batch_size=batch, max_length=length, lora_dropout=dropout,
                                               gradient_checkpointing=checkpointing, bytes_per_weight=4,
                                               padded=False, cuda=False)).total
    assert abs(predicted / measured - 1) < 0.15, (predicted / GIB, measured / GIB)


def test_a_cpu_harvest_that_cannot_fit_the_machine_is_refused_before_loading(tmp_path, capsys):
    from remake.cli import main

    run_dir = tmp_path / "run"
    argv = ["gsm-symbolic", "--teacher-model", "qwen2.5-coder-1.5b", "--device", "cpu", "--batch-size", "512",
            "--max-length", "2048", "--limit", "8", "--criterion", "none", "--run-dir", str(run_dir),
            "--out", str(tmp_path / "out")]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "does not fit cpu" in err and "a smaller --batch-size" in err and "Traceback" not in err
    # on a fresh machine a note of the embedded model's one-time conversion (read for its shape) comes first
    assert err.splitlines()[-1].startswith("remake: error: ")
    assert not (run_dir / "adapter").exists() and not (tmp_path / "out").exists()
