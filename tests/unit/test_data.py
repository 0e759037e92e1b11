"""Loading samples: generated gsm-symbolic, local JSONL / Parquet / CSV files through the `jsonl` recipe
with --field mappings, per-split files (the clinifact layout), and the one-line errors."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from remake.cli.arguments import add_config_arguments, given
from remake.data.config import DataConfig
from remake.data.recipe import Recipe, load_recipe
from remake.data.samples import Sample, load_samples
from remake.errors import RemakeError
from remake.options import from_dict

ROWS = [{"prompt": f"Tom has {n} apples and buys {n + 1} more. How many now?",
         "solution": f"{n} + {n + 1} = {2 * n + 1}\n#### {2 * n + 1}", "topic": "sums"} for n in range(1, 6)]


def cli_recipe(*argv: str) -> Recipe:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipe", required=True)
    add_config_arguments(parser, DataConfig, prefix="data.")
    args = parser.parse_args(list(argv))
    return from_dict(DataConfig, {**given(args, DataConfig, "data."), "recipe": args.recipe}).load()


def small_symbolic(seed: int = 42) -> Recipe:
    recipe = load_recipe("gsm-symbolic")
    return recipe.with_source(size=40, test_size=20, seed=seed)


def test_gsm_symbolic_is_deterministic_per_seed() -> None:
    first, again = load_samples(small_symbolic(), "train"), load_samples(small_symbolic(), "train")
    other = load_samples(small_symbolic(seed=7), "train")
    assert [s.to_dict() for s in first] == [s.to_dict() for s in again]
    assert [s.question for s in first] != [s.question for s in other]


def test_gsm_symbolic_train_and_test_are_disjoint() -> None:
    train, test = load_samples(small_symbolic(), "train"), load_samples(small_symbolic(), "test")
    assert len(train) == 40 and 0 < len(test) <= 20
    assert not {s.question for s in train} & {s.question for s in test}


def test_gsm_symbolic_sample_shape() -> None:
    sample = load_samples(small_symbolic(), "test", limit=3)[0]
    assert isinstance(sample, Sample) and sample.id == "test-0"
    assert sample.question.endswith("Let's think step by step.")
    assert "#### " in sample.answer
    assert sample.final == sample.answer.split("#### ")[-1].strip().removesuffix(".0")
    assert sample.system.startswith("You are a careful math tutor")
    assert Sample.from_dict(sample.to_dict()) == sample


def write_jsonl(path: Path) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    return path


def write_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    return path


def write_parquet(path: Path) -> Path:
    pq.write_table(pa.Table.from_pylist(ROWS), path)
    return path


@pytest.mark.parametrize("writer", [write_jsonl, write_csv, write_parquet], ids=["jsonl", "csv", "parquet"])
def test_local_files_with_a_field_mapping(tmp_path: Path, writer) -> None:
    data = writer(tmp_path / {"write_jsonl": "d.jsonl", "write_csv": "d.csv", "write_parquet": "d.parquet"}[writer.__name__])
    recipe = cli_recipe("--recipe", "jsonl", "--data", str(data), "--field", "question=prompt",
                        "--field", "answer=solution")
    train, test = load_samples(recipe, "train"), load_samples(recipe, "test")
    # one file, test_size 100 > rows: the first half trains, the rest tests
    assert [s.question for s in train + test] == [row["prompt"] for row in ROWS]
    assert len(train) == 2 and len(test) == 3
    assert train[0].final == "3" and train[0].answer == ROWS[0]["solution"]
    assert train[0].fields["topic"] == "sums"


def test_bad_field_option() -> None:
    with pytest.raises(RemakeError, match="KEY=COLUMN"):
        cli_recipe("--recipe", "jsonl", "--field", "prompt")


def test_a_data_file_missing_a_mapped_field(tmp_path: Path) -> None:
    recipe = cli_recipe("--recipe", "jsonl", "--data", str(write_jsonl(tmp_path / "d.jsonl")),
                        "--field", "question=prompt")
    with pytest.raises(RemakeError, match="no field 'answer'") as caught:
        load_samples(recipe, "train")
    assert "prompt, solution, topic" in str(caught.value) and "\n" not in str(caught.value)


def test_an_empty_split(tmp_path: Path) -> None:
    data = tmp_path / "one.jsonl"
    data.write_text(json.dumps(ROWS[0]) + "\n", encoding="utf-8")
    recipe = cli_recipe("--recipe", "jsonl", "--data", str(data), "--field", "question=prompt",
                        "--field", "answer=solution")
    assert len(load_samples(recipe, "test")) == 1
    with pytest.raises(RemakeError, match="split 'train' of recipe 'jsonl' is empty"):
        load_samples(recipe, "train")


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    with pytest.raises(RemakeError, match="does not exist"):
        load_samples(cli_recipe("--recipe", "jsonl", "--data", str(tmp_path / "nope.jsonl")), "train")
    (tmp_path / "d.txt").write_text("hello")
    with pytest.raises(RemakeError, match="unsupported format"):
        load_samples(cli_recipe("--recipe", "jsonl", "--data", str(tmp_path / "d.txt")), "train")
    with pytest.raises(RemakeError, match="give it with --data FILE"):
        load_samples(load_recipe("jsonl"), "train")


CLINIFACT_ROW = {
    "nctId": "NCT00190775", "outcome_type": "PRIMARY", "outcome_title": "Change in CAARS-Inv:SV score",
    "outcome_timeFrame": "Baseline, 24 weeks", "intervention_group_title": "Atomoxetine",
    "comparator_group_title": "Placebo", "PMID": "21406998", "nonInferiorityTypes": "['Superiority or Other']",
    "article_abstract": "Atomoxetine improved ADHD symptoms over placebo at 24 weeks (P < 0.001).",
}


def test_clinifact_per_split_csv_files(tmp_path: Path) -> None:
    for split, labels in (("train", (1, 0)), ("test", (2,))):
        with (tmp_path / f"{split}_set.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=[*CLINIFACT_ROW, "label"])
            writer.writeheader()
            # rows of one trial differ in their outcome (a repeated user turn would be dropped)
            writer.writerows({**CLINIFACT_ROW, "label": label,
                              "outcome_title": CLINIFACT_ROW["outcome_title"] + " at week 12" * index}
                             for index, label in enumerate(labels))
    recipe = cli_recipe("--recipe", "clinifact", "--data", str(tmp_path / "{split}_set.csv"))
    train, test = load_samples(recipe, "train"), load_samples(recipe, "test")
    assert [s.final for s in train] == ["TRUE", "FALSE"] and [s.answer for s in train] == ["TRUE", "FALSE"]
    assert [s.final for s in test] == ["NONE"]
    assert test[0].question == (
        "Claim: Atomoxetine versus Placebo (hypothesis: ['Superiority or Other']) in terms of "
        "Change in CAARS-Inv:SV score, Baseline, 24 weeks.\n"
        "Abstract: Atomoxetine improved ADHD symptoms over placebo at 24 weeks (P < 0.001).")


def test_offline_hub_dataset_says_what_to_do() -> None:
    with pytest.raises(RemakeError) as caught:  # conftest sets HF_HUB_OFFLINE=1 and an empty HF_HOME
        load_samples(load_recipe("gsm8k"), "test", limit=2)
    message = str(caught.value)
    assert "offline" in message and "--data FILE" in message and "gsm-symbolic" in message
