"""Batched greedy generation in process: chat template, left padding, KV cache, prompts sorted by
length so that each batch wastes little padding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from remake.data.prompting import prompt_text


def generate(model: Any, tokenizer: Any, turns: Sequence[tuple[str, str]], max_new_tokens: int,
             batch_size: int = 16, progress: str | None = None) -> list[str]:
    """Greedy answers to (system, question) pairs, returned in the order given."""
    import torch
    from tqdm.auto import tqdm

    prompts = [prompt_text(tokenizer, system, question) for system, question in turns]
    encoded = tokenizer(prompts, add_special_tokens=False)["input_ids"]
    # longest first: similar lengths share a batch (little padding) and memory peaks show up at once
    order = sorted(range(len(prompts)), key=lambda index: len(encoded[index]), reverse=True)
    outputs: list[str] = [""] * len(prompts)
    was_training = model.training
    model.eval()
    padding_side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    device = next(model.parameters()).device
    bar = tqdm(total=len(prompts), desc=progress, disable=progress is None, unit="q")
    try:
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            batch = tokenizer.pad({"input_ids": [encoded[i] for i in chunk]}, return_tensors="pt").to(device)
            with torch.inference_mode():
                generated = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                                           use_cache=True, pad_token_id=tokenizer.pad_token_id,
                                           temperature=None, top_p=None, top_k=None)
            new_tokens = generated[:, batch["input_ids"].shape[1]:]
            for index, text in zip(chunk, tokenizer.batch_decode(new_tokens, skip_special_tokens=True)):
                outputs[index] = text.strip()
            bar.update(len(chunk))
    finally:
        bar.close()
        tokenizer.padding_side = padding_side
        model.train(was_training)
    return outputs
