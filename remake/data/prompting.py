"""Samples under the model's chat template: prompts for generation and completion-only training
examples (loss on the answer tokens only)."""

from __future__ import annotations

from typing import Any

from remake.data.samples import Sample


def chat_messages(system: str, question: str) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": system}] if system else []
    return [*messages, {"role": "user", "content": question}]


def prompt_text(tokenizer: Any, system: str, question: str) -> str:
    """The generation prompt: the chat template with the assistant turn opened."""
    return tokenizer.apply_chat_template(chat_messages(system, question), tokenize=False,
                                         add_generation_prompt=True)


def training_example(tokenizer: Any, sample: Sample, max_length: int) -> dict[str, list[int]]:
    """input_ids and labels for one sample; prompt tokens are masked with -100 so that the loss (and
    hence the per-sample criteria) measure the answer alone. Longer examples are cut at max_length."""
    prompt = prompt_text(tokenizer, sample.system, sample.question)
    full = tokenizer.apply_chat_template(
        [*chat_messages(sample.system, sample.question), {"role": "assistant", "content": sample.answer}],
        tokenize=False,
    )
    completion = full[len(prompt):] if full.startswith(prompt) else sample.answer + (tokenizer.eos_token or "")
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    completion_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]
    # keep at least a few answer tokens even when the prompt alone is too long: drop its left end
    room_for_prompt = max(max_length - min(len(completion_ids), max(8, max_length // 4)), 1)
    prompt_ids = prompt_ids[-room_for_prompt:]
    input_ids = (prompt_ids + completion_ids)[:max_length]
    labels = ([-100] * len(prompt_ids) + completion_ids)[:max_length]
    return {"input_ids": input_ids, "labels": labels}
