"""llama.cpp as the teacher's generator: a peft adapter converted to llama.cpp's adapter GGUF changes
llama.cpp's answers exactly as it changes transformers' (the q/k row permutation of llama GGUFs
included), and bad adapters or teachers are one-line refusals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from remake.data.prompting import prompt_text
from remake.llm.generate import generate
from remake.llm.llamacpp_generator import LlamaCppGenerator
from remake.models.gguf_lora import write_lora_gguf
from remake.models.registry import gguf_path, load_model

pytest.importorskip("llama_cpp")
ALIAS = "smollm2-135m"
TURNS = [("Answer briefly.", "What is 2+2?"), ("Answer briefly.", "Name a colour.")]


@pytest.fixture(scope="module")
def smollm2() -> tuple:
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(0)
    model, tokenizer, _ = load_model(ALIAS, device="cpu")
    # every linear layer, q and k included: their lora_b rows need llama.cpp's rope permutation
    return get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules="all-linear")), tokenizer


def _teach_code(model, tokenizer) -> None:
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-3)
    texts = [prompt_text(tokenizer, system, question) + " The secret code is 4242." for system, question in TURNS]
    batch = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
    for _ in range(30):
        model(**batch, labels=batch["input_ids"]).loss.backward()
        optimizer.step()
        optimizer.zero_grad()


@pytest.mark.slow
def test_a_trained_adapter_answers_the_same_through_llama_cpp(smollm2: tuple, tmp_path: Path) -> None:
    model, tokenizer = smollm2
    generator = LlamaCppGenerator(gguf_path(ALIAS), tokenizer, max_new_tokens=16)
    base = generator.generate(TURNS)
    assert base == generate(model, tokenizer, TURNS, 16)  # same prompt tokens, same greedy answers
    assert not any("4242" in answer for answer in base)

    _teach_code(model, tokenizer)
    model.save_pretrained(tmp_path)
    assert generator.load_adapter("epoch-1", tmp_path)
    assert (tmp_path / "adapter.gguf").is_file()
    taught = generator.generate(TURNS, progress="answers")
    assert all("4242" in answer for answer in taught), taught
    assert taught == generate(model, tokenizer, TURNS, 16)
    generator.close()


@pytest.mark.slow
def test_next_token_choices_match_transformers_position_by_position(tmp_path: Path) -> None:
    """A random (not trained) adapter on the rope-permuted weights: llama.cpp with it picks the same next token
    as transformers at nearly every position, without it far less often (so the adapter is applied,
    with the right rows)."""
    from llama_cpp import Llama
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(1)
    model, tokenizer, _ = load_model(ALIAS, device="cpu")
    model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "k_proj"],
                                             init_lora_weights=False))
    model.save_pretrained(tmp_path)
    adapter = write_lora_gguf(tmp_path, gguf_path(ALIAS), tmp_path / "adapter.gguf")
    text = prompt_text(tokenizer, "You are a careful math tutor.", "Tom has 3 apples and buys 5 more. How many now?")
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        expected = model(torch.tensor([ids])).logits[0].argmax(-1).numpy()

    def llama_choices(lora: Path | None) -> np.ndarray:
        llm = Llama(model_path=str(gguf_path(ALIAS)), lora_path=str(lora) if lora else None, n_ctx=512,
                    logits_all=True, verbose=False)
        llm.eval(ids)
        choices = np.asarray(llm.scores[:len(ids)]).argmax(-1)
        llm.close()
        return choices

    with_adapter = float((llama_choices(adapter) == expected).mean())
    without = float((llama_choices(None) == expected).mean())
    # measured: 0.94 with the adapter, 0.81 without it, 0.75 with lora_b's q/k rows left unpermuted
    assert with_adapter >= 0.9 and without <= with_adapter - 0.1, (with_adapter, without)
