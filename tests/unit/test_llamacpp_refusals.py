"""llama.cpp as the teacher's generator refuses what it cannot do, before any work: a teacher that is not
embedded, adapters llama.cpp cannot apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from remake.errors import RemakeError
from remake.harvest.config import HarvestConfig
from remake.models.gguf_lora import write_lora_gguf
from remake.models.registry import gguf_path

pytest.importorskip("llama_cpp")
ALIAS = "smollm2-135m"


def test_adapters_llama_cpp_cannot_apply_are_refused(tmp_path: Path) -> None:
    (tmp_path / "adapter_config.json").write_text(json.dumps({"peft_type": "LORA", "use_dora": True, "r": 8,
                                                              "lora_alpha": 16}), encoding="utf-8")
    with pytest.raises(RemakeError, match="use_dora.*--teacher-generation transformers"):
        write_lora_gguf(tmp_path, gguf_path(ALIAS), tmp_path / "adapter.gguf")
    assert not (tmp_path / "adapter.gguf").exists()


def test_llama_cpp_generation_needs_an_embedded_teacher() -> None:
    with pytest.raises(RemakeError, match="needs an embedded teacher") as caught:
        HarvestConfig.from_dict({"data": {"recipe": "gsm8k"}, "teacher_model": "llama3.1-8b",
                                 "teacher_generation": "llama.cpp"})
    assert "\n" not in str(caught.value)
    with pytest.raises(RemakeError, match="give one"):
        HarvestConfig.from_dict({"data": {"recipe": "gsm8k"}, "teacher_model": ALIAS, "teacher_generation": "llama.cpp",
                                 "generate_base_url": "http://127.0.0.1:9/v1"})
