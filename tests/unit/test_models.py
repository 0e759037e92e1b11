"""The model registry: aliases, Hub ids and local paths, GGUF paths, the dtype by device, one-line load errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from remake.errors import RemakeError
from remake.models.registry import HUB_ALIASES, gguf_path, known_aliases, load_model, pick_dtype, resolve


@pytest.mark.parametrize(("alias", "model_id"), [
    ("llama3.1-8b", "meta-llama/Llama-3.1-8B-Instruct"),
    ("qwen2.5-7b", "Qwen/Qwen2.5-7B-Instruct"),
    ("phi3-mini", "microsoft/Phi-3-mini-4k-instruct"),
    ("r1-distill-qwen-1.5b", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"),
])
def test_hub_aliases(alias: str, model_id: str) -> None:
    resolved = resolve(alias)
    assert (resolved.model_id, resolved.load_from, resolved.embedded) == (model_id, model_id, False)


def test_hub_ids_and_local_paths_pass_through(tmp_path: Path) -> None:
    assert resolve("HuggingFaceTB/SmolLM2-360M-Instruct").load_from == "HuggingFaceTB/SmolLM2-360M-Instruct"
    assert resolve(str(tmp_path)).load_from == str(tmp_path.resolve())


def test_unknown_alias_lists_the_known_ones() -> None:
    with pytest.raises(RemakeError) as caught:
        resolve("gpt-17")
    message = str(caught.value)
    assert "unknown model 'gpt-17'" in message and "\n" not in message
    assert set(HUB_ALIASES) | {"smollm2-135m"} <= set(known_aliases())
    for alias in known_aliases():
        assert alias in message


def test_gguf_path() -> None:
    path = gguf_path("smollm2-135m")
    assert path.is_file() and path.suffix == ".gguf"
    with pytest.raises(RemakeError, match="not an embedded model.*smollm2-135m"):
        gguf_path("llama3.1-8b")


def test_dtype_follows_the_device() -> None:
    assert pick_dtype("cpu") is torch.float32 and pick_dtype("cuda:0") is torch.bfloat16


def test_load_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(RemakeError, match="needs a CUDA GPU"):
        load_model("smollm2-135m", device="cpu", load_in_4bit=True)
    with pytest.raises(RemakeError, match="cannot load model 'llama3.1-8b'") as caught:
        load_model("llama3.1-8b", device="cpu")  # offline, empty HF_HOME (conftest)
    assert "\n" not in str(caught.value)
    with pytest.raises(RemakeError, match="no adapter_config.json"):
        load_model("smollm2-135m", device="cpu", adapter=str(tmp_path))
