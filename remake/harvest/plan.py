"""A dry run: what a harvest will cost before it starts. It reads the recipe, the data and the teacher's
config and tokenizer (no weights) and counts, without training or calling any model: samples and tokens
per epoch (the real tokenizer and chat template, truncation counted), LoRA steps, peak GPU memory,
symbolic phases under the saturation rule's worst case, editor and filter-model calls and tokens (a
range), and the money. Offline or gated, the architecture comes from remake's own table and the tokens
from a stand-in tokenizer, and the plan says so."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from remake.data.prompting import training_example
from remake.data.recipe import Recipe
from remake.data.samples import Sample
from remake.errors import RemakeError
from remake.filters.chain import planned_calls
from remake.harvest.config import HarvestConfig
from remake.harvest.saturation import scheduled
from remake.llm.prices import Prices, load_prices_table
from remake.models.memory import architecture, estimate, load_config

# One TextGrad step asks the editor 4 times: the loss, the gradients of the answer and of the question,
# and the optimizer's update (plus a re-ask per tag retry when the update lacks its tags).
CALLS_PER_STEP = 4
# Tokens of one editor call when the editor cache has no history for the model: measured with the offline
# editor on gsm-symbolic (31k in / 7k out over 32 calls, benchmarks/results/offline_editor.json).
DEFAULT_TOKENS = (1000, 250)
STAND_IN_TOKENIZER = "smollm2-135m"
# Architectures of the aliases, for planning offline or before a gated download (Hub config.json values).
TABLE = {
    "llama3.1-8b": ("LlamaConfig", dict(hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                                        num_attention_heads=32, num_key_value_heads=8, vocab_size=128256)),
    "qwen2.5-7b": ("Qwen2Config", dict(hidden_size=3584, intermediate_size=18944, num_hidden_layers=28,
                                       num_attention_heads=28, num_key_value_heads=4, vocab_size=152064)),
    "phi3-mini": ("Phi3Config", dict(hidden_size=3072, intermediate_size=8192, num_hidden_layers=32,
                                     num_attention_heads=32, num_key_value_heads=32, vocab_size=32064)),
    "r1-distill-qwen-1.5b": ("Qwen2Config", dict(hidden_size=1536, intermediate_size=8960, num_hidden_layers=28,
                                                 num_attention_heads=12, num_key_value_heads=2, vocab_size=151936)),
}


@dataclass(frozen=True)
class Span:
    low: float
    high: float


@dataclass
class Plan:
    recipe: str
    teacher: str
    device: str
    samples: int
    heldout: int
    epochs: int
    steps_per_epoch: int
    lora_steps: int
    train_tokens_per_epoch: int        # prompt + answer tokens after truncation
    answer_tokens_per_epoch: int       # the tokens the loss is on
    truncated_samples: int
    max_length: int
    max_new_tokens: int
    memory_gib: float
    memory_line: str
    symbolic_phases: int               # worst case: saturated at every epoch the rule allows
    questions_per_phase: int           # worst case: held-out accuracy 0
    editor_calls: Span
    editor_tokens_in: Span
    editor_tokens_out: Span
    filter_calls: Span                 # all filters' model calls
    filter_calls_each: dict[str, Span]  # per filter that calls a model (judge, changes, solution, invariance)
    teacher_answers: Span              # held-out scoring, candidate scans, the editor's probes
    teacher_engine: str                # where they are generated (remake.harvest.build.teacher_engine)
    cost_usd: Span | None              # None: no price known for a paid model
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        span = lambda s, fmt="{:,.0f}": f"{fmt.format(s.low)} to {fmt.format(s.high)}"
        cost = span(self.cost_usd, "${:,.2f}") if self.cost_usd else "unknown (no price for the editor model)"
        return [
            f"dry run of a harvest of {self.recipe} (teacher {self.teacher}, {self.device}); nothing was trained "
            "or called",
            f"samples: {self.samples} train, {self.heldout} held-out items scored each epoch",
            f"tokens per epoch: {self.train_tokens_per_epoch:,} ({self.answer_tokens_per_epoch:,} answer tokens "
            f"under the loss); {self.truncated_samples} samples cut at max length {self.max_length}",
            f"LoRA steps: {self.steps_per_epoch} per epoch × {self.epochs} epochs = {self.lora_steps}",
            f"memory: {self.memory_line}",
            f"symbolic phases: at most {self.symbolic_phases}, each sending at most {self.questions_per_phase} "
            "questions to the editor",
            f"editor calls: {span(self.editor_calls)}; tokens in {span(self.editor_tokens_in)}, out "
            f"{span(self.editor_tokens_out)}",
            f"filter model calls: {span(self.filter_calls)} ("
            + ", ".join(f"{name} {span(calls)}" for name, calls in self.filter_calls_each.items()) + ")",
            f"teacher answers ({self.teacher_engine}): {span(self.teacher_answers)}, each up to {self.max_new_tokens} "
            "new tokens (held-out scoring, candidate scans, the editor's probes)",
            f"money (editor and filter calls): {cost}",
            *[f"note: {note}" for note in self.notes],
        ]


TOKEN_SAMPLE = 1_000
CHARS_PER_TOKEN = 64  # longer than any token of a real vocabulary


def plan(config: HarvestConfig, prices_table: Prices | None = None) -> Plan:
    from remake.harvest.build import load_data, teacher_engine
    from remake.models.registry import pick_device

    recipe = config.recipe()
    train, test = load_data(config, recipe)  # bad rows are refused before torch loads (it takes seconds)
    config = config.with_teacher()
    device = pick_device(config.device)
    notes: list[str] = []
    tokenizer = _tokenizer(str(config.teacher_model), notes)
    counted = [_clipped(sample, recipe.max_length) for sample in _token_sample(train, notes)]
    examples = [training_example(tokenizer, sample, recipe.max_length) for sample in counted]
    scale = len(train) / len(counted)
    steps = math.ceil(len(train) / config.batch_size)
    memory = _memory(config, recipe, device, notes)
    rule = config.saturation()
    phases = sum(scheduled(rule, epoch) for epoch in range(1, config.epochs + 1)) if config.uses_editor else 0
    per_phase = math.ceil(config.p * len(train)) if phases else 0
    calls = _editor_calls(config, phases, per_phase)
    tokens_in, tokens_out = _tokens_per_call(config, notes)
    filter_calls_each = {name: Span(0, phases * per_phase * calls) for name, calls in planned_calls(config.filters).items()}
    filter_calls = Span(0, sum(calls.high for calls in filter_calls_each.values()))
    prices = prices_table or load_prices_table(config.editor)
    price = prices.price(config.editor.model)
    if price is None:
        notes.append(f"no price for '{config.editor.model}' in {prices.source}: pass --editor-prices FILE")
    all_calls = Span(calls.low + filter_calls.low, calls.high + filter_calls.high)
    cost = None if price is None else Span(*(n * (tokens_in * price[0] + tokens_out * price[1]) / 1e6
                                             for n in (all_calls.low, all_calls.high)))
    return Plan(recipe=recipe.name, teacher=str(config.teacher_model), device=device, samples=len(train),
                heldout=len(test[: config.eval_size]), epochs=config.epochs, steps_per_epoch=steps,
                lora_steps=steps * config.epochs,
                train_tokens_per_epoch=round(scale * sum(len(e["input_ids"]) for e in examples)),
                answer_tokens_per_epoch=round(scale * sum(sum(label != -100 for label in e["labels"])
                                                          for e in examples)),
                truncated_samples=round(scale * _truncated(tokenizer, counted, recipe.max_length, examples)),
                max_length=recipe.max_length, max_new_tokens=recipe.max_new_tokens,
                memory_gib=round(memory[0], 2), memory_line=memory[1],
                symbolic_phases=phases, questions_per_phase=per_phase, editor_calls=calls,
                editor_tokens_in=Span(calls.low * tokens_in, calls.high * tokens_in),
                editor_tokens_out=Span(calls.low * tokens_out, calls.high * tokens_out),
                filter_calls=filter_calls, filter_calls_each=filter_calls_each, cost_usd=cost, notes=notes,
                teacher_answers=_teacher_answers(config, len(train), len(test[: config.eval_size]), phases, per_phase),
                teacher_engine=teacher_engine(config, device))


def _teacher_answers(config: HarvestConfig, samples: int, heldout: int, phases: int, per_phase: int) -> Span:
    """Low: the held-out set each epoch. High: also each phase's whole scan (remake.harvest.selection's
    cap) and one probe per editor iteration of each question sent."""
    from remake.harvest.loop import LoopSettings
    from remake.harvest.selection import scan_cap

    scan = scan_cap(config.max_scan_fraction, samples, LoopSettings.scan_chunk)
    probes = per_phase * config.editor.max_iterations
    return Span(heldout * config.epochs, heldout * config.epochs + phases * (scan + probes))


def _editor_calls(config: HarvestConfig, phases: int, per_phase: int) -> Span:
    """Low: none (training never saturates, or the teacher answers every scanned question right: at scale the
    scan cap and the held-out accuracy keep most phases well under their target, benchmarks/results/scale.json).
    High: every allowed phase sends its whole target, every iteration, repair of a refused draft and tag retry
    (and a system-prompt rewrite per phase), capped by --max-editor-calls."""
    if not phases:
        return Span(0, 0)
    update = 1 + config.editor.tag_retries  # the TGD step, asked again without tags
    per_question = config.editor.max_iterations * (CALLS_PER_STEP - 1 + update * (1 + config.editor.repairs))
    system = (1 + config.editor.tag_retries) if config.update_system_prompt else 0
    high = phases * (per_phase * per_question + system)
    if config.editor.max_calls is not None:
        high = min(high, config.editor.max_calls)
    return Span(0, high)


def _tokens_per_call(config: HarvestConfig, notes: list[str]) -> tuple[float, float]:
    """Mean tokens of one call to the editor's model from its call cache (the history), else the defaults."""
    from remake.llm.cache import history

    seen = history(config.editor.cache_root, config.editor.model)
    if seen is None:
        notes.append(f"no call history for '{config.editor.model}' in the editor cache: tokens per call are "
                     f"remake's defaults ({DEFAULT_TOKENS[0]} in, {DEFAULT_TOKENS[1]} out)")
        return DEFAULT_TOKENS
    calls, tokens_in, tokens_out = seen
    notes.append(f"tokens per call from {calls} cached calls of '{config.editor.model}'")
    return tokens_in / calls, tokens_out / calls


def _tokenizer(teacher: str, notes: list[str]) -> Any:
    from remake.models.registry import load_tokenizer, resolve

    try:
        return load_tokenizer(resolve(teacher))
    except (OSError, ValueError, RemakeError) as exc:
        notes.append(f"the tokenizer of '{teacher}' could not be fetched ({type(exc).__name__}): token counts use "
                     f"the stand-in {STAND_IN_TOKENIZER} tokenizer and chat template")
        return load_tokenizer(resolve(STAND_IN_TOKENIZER))


def _memory(config: HarvestConfig, recipe: Recipe, device: str, notes: list[str]) -> tuple[float, str]:
    from remake.harvest.build import memory_shape
    from remake.models.memory import GIB

    shape = memory_shape(config, config.lora(), recipe, device)
    result = estimate(_architecture(str(config.teacher_model), notes), shape)
    return result.total / GIB, f"{result.line()} on {device}"


def _architecture(teacher: str, notes: list[str]) -> Any:
    try:
        return architecture(load_config(teacher))
    except RemakeError:
        if teacher not in TABLE:
            raise
        import transformers

        kind, values = TABLE[teacher]
        notes.append(f"the config of '{teacher}' could not be fetched: its architecture is remake's table's")
        return architecture(getattr(transformers, kind)(**values))


def _token_sample(train: list[Sample], notes: list[str]) -> list[Sample]:
    """Every sample up to TOKEN_SAMPLE; beyond, evenly spaced ones (tokenising 100,000 chat-templated
    examples takes minutes, a plan must take seconds), the totals scaled and the plan saying so."""
    if len(train) <= TOKEN_SAMPLE:
        return train
    step = len(train) / TOKEN_SAMPLE
    notes.append(f"token counts from {TOKEN_SAMPLE:,} evenly spaced samples of {len(train):,}, scaled")
    return [train[int(index * step)] for index in range(TOKEN_SAMPLE)]


def _clipped(sample: Sample, max_length: int) -> Sample:
    """The sample with question and answer cut to CHARS_PER_TOKEN × max_length characters: no token is
    longer, so the counts up to max_length are the same, and a 5 MB question is not tokenised whole."""
    limit = CHARS_PER_TOKEN * max_length
    if len(sample.question) <= limit and len(sample.answer) <= limit:
        return sample
    return replace(sample, question=sample.question[:limit], answer=sample.answer[:limit])


def _truncated(tokenizer: Any, samples: list[Sample], max_length: int, examples: list[dict]) -> int:
    full = [training_example(tokenizer, sample, 1 << 20) for sample in samples]
    return sum(len(whole["input_ids"]) > len(cut["input_ids"]) for whole, cut in zip(full, examples))
