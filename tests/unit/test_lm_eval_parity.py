"""remake's GSM8K strict-match and flexible-extract equal lm-evaluation-harness 0.4.13's, item for item, on
a seeded corpus of model outputs and references that covers the hard cases (decimals, `.0`, commas, `$`,
signs, bold, boxed, several numbers, none, integers past 2**53). The verdicts come from lm-eval's own code:
its task YAML, RegexFilter, TakeFirstFilter and exact_match_hf_evaluate."""

from __future__ import annotations

import random
from importlib import resources

import lm_eval.filters.extraction as lm_eval_filters
import yaml
from lm_eval.api.metrics import exact_match_hf_evaluate
from lm_eval.filters.selection import TakeFirstFilter

from remake.data.recipe import load_recipe
from remake.data.scoring import extract_gsm8k, reference_final, score

GSM8K = load_recipe("gsm8k")
NUMBERS = ["72", "7", "0", "-7", "-15", "1.50", "0.10", "12.0", "21.00", "3.14", "1,234", "12,000.50", "$5",
           "$1,234.00", "-$5", "1000", "9007199254740993", "18446744073709551617", "2.5", ".5", "5.", "1/2"]
TEMPLATES = ["The answer is {n}.", "The answer is {n}", "So the total is **{n}**.", "The answer is **{n}**.",
             "Thus the result is \\boxed{{{n}}}.", "We get {a} + {b} = {n}.\nThe answer is {n}.",
             "Answer: {n}", "{n}", "First {a}, then {b}. The answer is {n}. Check: {c}.", "The answer is -{n}.",
             "The answer is: {n}.", "It costs ${n} in total.", "I cannot tell from the question.", "",
             "The answer is {n}.0.", "Total = {a},{b}. The answer is {n}", "The answer is {n}. The answer is {c}.",
             "{a} apples and {b} pears: {n} fruits.\n\nThe answer is {n}.\n", "The answer is ${n}.00."]


def task() -> dict:
    path = resources.files("lm_eval") / "tasks" / "gsm8k" / "gsm8k-cot-zeroshot.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def lm_eval_verdicts(outputs: list[str], references: list[str]) -> dict[str, list[bool]]:
    """Per filter of the task: lm-eval's exact_match for each (output, reference), one item at a time."""
    config = task()
    metric = next(m for m in config["metric_list"] if m["metric"] == "exact_match")
    settings = {key: metric[key] for key in ("ignore_case", "ignore_punctuation", "regexes_to_ignore")}
    verdicts = {}
    for pipeline in config["filter_list"]:
        steps = pipeline["filter"]
        assert [step["function"] for step in steps] == ["regex", "take_first"]
        regex = lm_eval_filters.RegexFilter(**{k: v for k, v in steps[0].items() if k != "function"})
        picked = list(TakeFirstFilter().apply(regex.apply([[out] for out in outputs], None), None))
        verdicts[pipeline["name"]] = [exact_match_hf_evaluate([pred], [ref], **settings)["exact_match"] == 1.0
                                      for pred, ref in zip(picked, references)]
    return verdicts


def corpus(size: int = 600, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    outputs, references = [], []
    for _ in range(size):
        n, a, b, c = (rng.choice(NUMBERS) for _ in range(4))
        outputs.append(rng.choice(TEMPLATES).format(n=n, a=a, b=b, c=c))
        gold = rng.choice([n, n, n.replace(",", ""), n.rstrip("0").rstrip("."), rng.choice(NUMBERS)])
        references.append(rng.choice([f"Step one.\nStep two: {a} + {b}.\n#### {gold}", f"#### {gold}", gold]))
    return outputs, references


def test_strict_and_flexible_equal_lm_eval_item_for_item() -> None:
    outputs, references = corpus()
    expected = lm_eval_verdicts(outputs, references)
    ours = [score(GSM8K, out, ref, reference_final(GSM8K, ref)) for out, ref in zip(outputs, references)]
    strict = [verdict.strict for verdict in ours]
    flexible = [verdict.flexible for verdict in ours]
    mismatched = [(outputs[i], references[i]) for i in range(len(outputs))
                  if strict[i] != expected["strict-match"][i] or flexible[i] != expected["flexible-extract"][i]]
    assert not mismatched, mismatched[:5]
    assert 0.2 < sum(flexible) / len(flexible) < 0.8  # the corpus has both verdicts in good numbers
    assert len(outputs) >= 500


def test_extractions_equal_lm_eval_filters() -> None:
    outputs, _ = corpus(size=300, seed=1)
    config = task()
    for pipeline, field in zip(config["filter_list"], ("strict", "flexible")):
        step = pipeline["filter"][0]
        regex = lm_eval_filters.RegexFilter(**{k: v for k, v in step.items() if k != "function"})
        theirs = list(TakeFirstFilter().apply(regex.apply([[out] for out in outputs], None), None))
        ours = [getattr(extract_gsm8k(out), field) or regex.fallback for out in outputs]
        assert ours == theirs, field
