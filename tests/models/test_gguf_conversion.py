"""The embedded GGUFs converted for transformers: the conversion is cached, the copy gives the GGUF's logits,
and a first conversion prints one line and no bar."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from remake.models.registry import gguf_path, load_model, resolve


def _state(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((path.name, path.stat().st_ino, path.stat().st_mtime_ns) for path in folder.iterdir())


def test_conversion_is_cached(capfd: pytest.CaptureFixture[str]) -> None:
    first = Path(resolve("smollm2-135m").load_from)  # converts on a fresh cache, else finds the copy
    capfd.readouterr()
    before = _state(first)
    second = resolve("smollm2-135m")
    assert Path(second.load_from) == first and second.embedded
    assert "converting" not in capfd.readouterr().out
    assert _state(first) == before  # nothing rewritten
    assert {"config.json", "model.safetensors"} <= {name for name, _, _ in before}
    assert not [p for p in first.parent.iterdir() if p.name.startswith(f".{first.name}.")]  # no staging left


def test_converted_copy_has_the_gguf_logits() -> None:
    from transformers import AutoModelForCausalLM

    gguf = gguf_path("smollm2-135m")
    reference = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)  # ~35 s, once
    model, tokenizer, resolved = load_model("smollm2-135m", device="cpu")
    assert resolved.model_id == "HuggingFaceTB/SmolLM2-135M-Instruct"
    ids = tokenizer("Natalia sold 48 clips in April.", return_tensors="pt")["input_ids"]
    with torch.no_grad():
        expected, actual = reference(ids).logits, model(ids).logits
    assert actual.dtype is torch.float32
    assert torch.equal(expected, actual)


@pytest.mark.slow
def test_first_conversion_prints_one_line_and_no_bar(tmp_path: Path, monkeypatch, capfd) -> None:
    monkeypatch.setenv("REMAKE_CACHE", str(tmp_path))  # a fresh machine's cache
    converted = Path(resolve("smollm2-135m").load_from)
    printed = capfd.readouterr()
    assert converted.is_relative_to(tmp_path) and (converted / "config.json").is_file()
    assert "converting embedded model smollm2-135m" in printed.err
    assert "de-quantizing" not in printed.err + printed.out
