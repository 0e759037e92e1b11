"""The real qwen2.5-coder-1.5b parts joined once (1.1 GB) to the pinned GGUF, and its alias resolved for
serving and for transformers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from remake.models.embedded import QWEN_CODER_1_5B, assembled_gguf


@pytest.fixture(scope="module")
def real_gguf(tmp_path_factory) -> Path:
    """The real parts joined once into a fresh folder (the checks run on 1.1 GB)."""
    return assembled_gguf(QWEN_CODER_1_5B, target_dir=tmp_path_factory.mktemp("qwen"))


def test_real_parts_join_to_the_pinned_gguf(real_gguf):
    from gguf import GGUFReader

    assert real_gguf.stat().st_size == 1_117_320_768
    reader = GGUFReader(str(real_gguf))
    name = reader.fields["general.name"]
    assert bytes(name.parts[name.data[0]]).decode().startswith("Qwen2.5 Coder 1.5B Instruct")
    template = reader.fields["tokenizer.chat_template"]
    assert "<|im_start|>" in bytes(template.parts[template.data[0]]).decode()  # ChatML
    os.unlink(real_gguf)


def test_registry_resolves_the_alias_for_serving_and_transformers():
    """gguf_path is what serving uses; transformers reads the same file's tokenizer (gguf_file=)."""
    from transformers import AutoTokenizer

    from remake.models.registry import EMBEDDED, gguf_path

    path = gguf_path("qwen2.5-coder-1.5b")
    assert path.stat().st_size == QWEN_CODER_1_5B.size
    assert EMBEDDED["qwen2.5-coder-1.5b"].upstream_id == "Qwen/Qwen2.5-Coder-1.5B-Instruct"
    tokenizer = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    text = tokenizer.apply_chat_template([{"role": "user", "content": "2+2?"}], tokenize=False,
                                         add_generation_prompt=True)
    assert text.endswith("<|im_start|>assistant\n")
