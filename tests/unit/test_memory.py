"""The peak-memory estimator's arithmetic (an 8B model's weights in bf16 and 4-bit) and its one-line refusal
with the fix."""

from __future__ import annotations

import pytest
from transformers import LlamaConfig

from remake.errors import RemakeError
from remake.models.memory import GIB, TrainingShape, architecture, check_fits, estimate

LLAMA_31_8B = LlamaConfig(hidden_size=4096, num_hidden_layers=32, num_attention_heads=32, num_key_value_heads=8,
                          intermediate_size=14336, vocab_size=128256, tie_word_embeddings=False)


def test_bf16_8b_and_4bit_weights():
    llama = architecture(LLAMA_31_8B)
    bf16 = estimate(llama, TrainingShape(batch_size=8, max_length=512))
    nf4 = estimate(llama, TrainingShape(batch_size=8, max_length=512, load_in_4bit=True))
    assert bf16.weights == 2 * 8_030_261_248
    assert 5.2 * GIB < nf4.weights < 5.6 * GIB      # NF4 decoder + bf16 embeddings and lm_head
    no_checkpointing = estimate(llama, TrainingShape(batch_size=8, max_length=512, gradient_checkpointing=False))
    assert no_checkpointing.activations > 10 * bf16.activations
    assert bf16.logits == 8 * 512 * 128256 * 12     # three fp32 [tokens × vocab] tensors in the loss backward


def test_refuses_what_cannot_fit_with_the_fix():
    result = estimate(architecture(LLAMA_31_8B), TrainingShape(batch_size=8, max_length=512))
    check_fits(result, 80 * GIB, "cuda:0")
    with pytest.raises(RemakeError, match=r"does not fit cuda:0 \(24.0 GiB\): use --load-in-4bit, a smaller "
                                          r"--batch-size or a smaller --max-length"):
        check_fits(result, 24 * GIB, "cuda:0")
