"""The transfer stage: LoRA-fine-tune a different backbone (the student) on a release's remade `train`
split and, with identical settings and seed, on the same rows with their original questions (the
baseline); evaluate pre-trained, baseline and remade on the `test` split with `remake eval`'s scoring.

    OUT/                      default: <release>/../transfer-<version>-<student>
      config.json             what was asked (release hash, student, settings): a resumed run must match
      arms/<arm>/adapter/     the saved LoRA adapter (baseline, remade)
      arms/<arm>/training.json  rows, hash of the training questions, loss per epoch, seconds
      arms/<arm>/eval/        predictions.jsonl, summary.json (written last: the arm is finished)
      report.json, report.md, chart.png

An arm whose eval is written is not run again; one whose adapter is saved is evaluated, not retrained.
The numerical-phase trainer of the harvest (remake.harvest.numerical) does the training."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.data.samples import Sample, to_sample
from remake.errors import RemakeError, first_line
from remake.evaluation.evaluate import ScoredOutputs, evaluate_model, write_eval
from remake.files import read_json, read_jsonl, save_pretrained_atomically, write_json
from remake.harvest.numerical import NumericalTrainer, attach_lora
from remake.options import to_dict
from remake.release.build import MANIFEST, read_manifest
from remake.release.card import add_card_section
from remake.report import write_report as write_html_report
from remake.transfer.config import PLACEMENT, TransferConfig
from remake.transfer.report import ARMS, SECTION_TITLE, build_report, section_markdown, write_report
from remake.transfer.result import TransferResult

REQUIRED_SPLITS = ("train", "test")


@dataclass(frozen=True)
class Release:
    """A release to transfer from: a local folder `OUT/<name>/<version>` or a Hub dataset id."""

    source: str
    folder: Path | None  # None for a Hub id (its card is not edited here)
    manifest: dict
    recipe: Recipe
    splits: Any  # datasets.DatasetDict


def open_release(source: str, revision: str | None = None) -> Release:
    path = Path(os.path.expanduser(source))
    if path.exists():
        manifest = read_manifest(path)
        splits = _load_splits(str(path), None, bars=False)
        folder: Path | None = path.resolve()
    elif source.count("/") == 1 and not source.startswith((".", "/")):
        manifest, splits, folder = *_hub_release(source, revision), None
    else:
        raise RemakeError(f"release {source} does not exist: give a release folder OUT/<name>/<version> "
                          "or a Hub dataset id owner/name")
    try:
        recipe = Recipe.model_validate(manifest["config"]["recipe"])
    except (KeyError, TypeError, ValueError):
        raise RemakeError(f"{source}: its {MANIFEST} holds no valid recipe: re-release it with `remake release`") from None
    for split in REQUIRED_SPLITS:
        if split not in splits and (manifest.get("counts") or {}).get(f"{split}_rows") == 0:
            raise RemakeError(f"release {source} has an empty '{split}' split: nothing to "
                              f"{'fine-tune on' if split == 'train' else 'evaluate on'}; release a larger run")
        if split not in splits:
            raise RemakeError(f"release {source} has no '{split}' split (it has {', '.join(splits) or 'none'}): "
                              "give a release written by `remake release`")
    missing = {recipe.fields.question, "original_question"} - set(splits["train"].column_names)
    if missing:
        raise RemakeError(f"release {source}: the train split lacks column(s) {', '.join(sorted(missing))}: "
                          "give a release written by `remake release`")
    return Release(source, folder, manifest, recipe, splits)


def _load_splits(location: str, revision: str | None, bars: bool) -> Any:
    """`bars`: progress bars (a download); a local release reads in a moment and would only clutter stderr."""
    import datasets

    bars_were_off = datasets.are_progress_bars_disabled()
    if not bars:
        datasets.disable_progress_bars()
    try:
        return datasets.load_dataset(location, revision=revision)
    except (OSError, ValueError) as exc:
        raise RemakeError(f"cannot load release {location}: {_message(exc)}") from None
    finally:
        if not bars_were_off:
            datasets.enable_progress_bars()


def _hub_release(repo_id: str, revision: str | None) -> tuple[dict, Any]:
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import EntryNotFoundError

    try:
        manifest = read_json(hf_hub_download(repo_id, MANIFEST, repo_type="dataset", revision=revision))
    except EntryNotFoundError:  # also raised offline when the file is not cached
        raise RemakeError(f"Hub dataset {repo_id} has no {MANIFEST} (or it is not cached and the Hub cannot be "
                          "reached): give a release pushed with `remake push`, or its local folder") from None
    except OSError as exc:
        raise RemakeError(f"cannot read {MANIFEST} of Hub dataset {repo_id}: {_message(exc)}") from None
    return manifest, _load_splits(repo_id, revision, bars=True)



def default_out(release: Release, student: str) -> Path:
    """Next to the release's versions (the version in the name: transfers of two versions never mix);
    for a Hub id, in the current folder."""
    name = f"transfer-{release.manifest.get('version', 'v?')}-{student.replace('/', '--')}"
    if release.folder is not None:
        return release.folder.parent / name
    return Path(f"transfer-{release.source.replace('/', '--')}-{name.removeprefix('transfer-')}")


def train_samples(release: Release, arm: str, limit: int | None) -> list[Sample]:
    """The train split as samples. The remade arm trains on it as released (replace or augment mix); the
    baseline arm always on the original rows: each source row once, with its `original_question`."""
    question = release.recipe.fields.question
    table = release.splits["train"]
    rows = table.select(range(min(limit, table.num_rows))) if limit else table
    samples, seen = [], set()
    for index, row in enumerate(rows):
        sample_id = str(row.get("sample_id") or f"train-{index}")
        if arm == "baseline":
            if sample_id in seen:  # an augmented release's extra row: its original is already in
                continue
            row = {**row, question: row["original_question"]}
        elif sample_id in seen:
            sample_id = f"{sample_id}-remade"  # an augmented release's extra row needs an id of its own
        seen.add(sample_id)
        samples.append(to_sample(release.recipe, row, sample_id))
    if not samples:
        raise RemakeError(f"release {release.source} has an empty train split: nothing to fine-tune on")
    return samples


def eval_samples(release: Release, limit: int | None) -> list[Sample]:
    table = release.splits["test"]
    rows = table.select(range(min(limit, table.num_rows))) if limit else table
    samples = [to_sample(release.recipe, row, f"test-{index}") for index, row in enumerate(rows)]
    if not samples:
        raise RemakeError(f"release {release.source} has an empty test split: nothing to evaluate on")
    return samples


def questions_hash(samples: list[Sample]) -> str:
    """SHA-256 of the training questions in order: tells at a glance whether two arms saw the same data."""
    digest = hashlib.sha256()
    for sample in samples:
        digest.update(sample.question.encode("utf-8") + b"\0")
    return digest.hexdigest()


@dataclass
class Student:
    """The student's base model, loaded on first use (a finished transfer never loads it); each trained
    arm attaches a fresh LoRA to it and takes it off again."""

    name: str
    device: str | None = None
    load_in_4bit: bool = False
    dtype: str = "auto"
    loaded: tuple[Any, Any, Any] | None = field(default=None, repr=False)

    def base(self) -> tuple[Any, Any]:
        if self.loaded is None:
            from remake.models.registry import load_model

            self.loaded = load_model(self.name, device=self.device, load_in_4bit=self.load_in_4bit,
                                     dtype=self.dtype)
        return self.loaded[0], self.loaded[1]

    def give_back(self, peft_model: Any) -> None:
        """Remove the arm's LoRA layers so that the next arm starts from the untouched base weights."""
        assert self.loaded is not None
        self.loaded = (peft_model.unload(), *self.loaded[1:])


@dataclass
class Transfer:
    release: Release
    settings: TransferConfig
    out: Path
    student: Student

    @property
    def recipe(self) -> Recipe:
        changes = {key: value for key, value in (("max_length", self.settings.max_length),
                                                 ("max_new_tokens", self.settings.max_new_tokens)) if value}
        return self.release.recipe.model_copy(update=changes)

    def arm_dir(self, arm: str) -> Path:
        return self.out / "arms" / arm

    def finished(self, arm: str) -> bool:
        return (self.arm_dir(arm) / "eval" / "summary.json").is_file()

    def run(self) -> dict[str, Any]:
        for arm in ARMS:
            self.run_arm(arm)
        report = build_report(self._meta(), {arm: self._record(arm) for arm in ARMS},
                              {arm: self._verdicts(arm) for arm in ARMS}, self.settings.resamples,
                              self.settings.seed)
        write_report(report, self.out)
        write_html_report(self.out)
        if self.release.folder is not None:
            add_card_section(self.release.folder, SECTION_TITLE, section_markdown(report))
        return report

    def run_arm(self, arm: str) -> Path:
        """Train (but for the pre-trained arm) and evaluate one arm, or keep it when it finished earlier; its
        folder. A benchmark trains the baseline arm alone with other seeds so."""
        self._check_config()
        if self.finished(arm):
            print(f"arm {arm}: finished earlier, kept ({self.arm_dir(arm)})", flush=True)
        else:
            self._run_arm(arm, eval_samples(self.release, self.settings.limit_test))
        return self.arm_dir(arm)

    def _run_arm(self, arm: str, tests: list[Sample]) -> None:
        model, tokenizer = self.student.base()
        adapter = self.arm_dir(arm) / "adapter"
        if arm == "pretrained":
            self._evaluate(arm, model, tokenizer, tests)
            return
        if (adapter / "adapter_config.json").is_file():
            from peft import PeftModel

            print(f"arm {arm}: adapter saved earlier, evaluating it ({adapter})", flush=True)
            tuned = PeftModel.from_pretrained(model, str(adapter))
        else:
            tuned = self._train(arm, model, tokenizer, adapter)
        try:
            self._evaluate(arm, tuned, tokenizer, tests)
        finally:
            self.student.give_back(tuned)

    def _train(self, arm: str, model: Any, tokenizer: Any, adapter: Path) -> Any:
        import torch

        samples = train_samples(self.release, arm, self.settings.limit_train)
        lora = self.settings.lora()
        torch.manual_seed(self.settings.seed)  # same LoRA initialisation and dropout stream in both arms
        tuned = attach_lora(model, lora)
        trainer = NumericalTrainer(tuned, tokenizer, lora, self.recipe.max_length, self.settings.seed, samples=samples)
        started, epochs = time.monotonic(), []
        for epoch in range(1, self.settings.epochs + 1):
            result = trainer.run_epoch(progress=f"{arm} epoch {epoch}/{self.settings.epochs}")
            assert result is not None  # run_epoch only stops early when asked to
            epochs.append({"epoch": epoch, "mean_loss": result.mean_loss, "grad_norm": result.grad_norm,
                           "steps": result.steps})
        save_pretrained_atomically(tuned, adapter)
        question = self.release.recipe.fields.question
        write_json(self.arm_dir(arm) / "training.json", {
            "arm": arm, "rows": len(samples), "question_sha256": questions_hash(samples),
            # rows the release marks remade that this arm trained on in their remade form
            "rows_remade": 0 if arm == "baseline" else sum(bool(s.fields.get("remade")) for s in samples),
            "questions_changed": sum(s.fields[question] != s.fields["original_question"] for s in samples),
            "epochs": epochs, "seconds": round(time.monotonic() - started, 3),
        })
        return tuned

    def _evaluate(self, arm: str, model: Any, tokenizer: Any, tests: list[Sample]) -> ScoredOutputs:
        started = time.monotonic()
        result = evaluate_model(model, tokenizer, self.recipe, tests, progress=f"eval {arm}")
        write_eval(result, self.arm_dir(arm) / "eval", {"arm": arm, "student": self.settings.student,
                                                        "seconds": round(time.monotonic() - started, 3)})
        return result

    def _record(self, arm: str) -> dict[str, Any]:
        training = self.arm_dir(arm) / "training.json"
        return {"summary": read_json(self.arm_dir(arm) / "eval" / "summary.json"),
                "training": read_json(training) if training.is_file() else None}

    def _verdicts(self, arm: str) -> list[bool]:
        return [bool(row["correct_math"]) for row in read_jsonl(self.arm_dir(arm) / "eval" / "predictions.jsonl")]

    def _config(self) -> dict[str, Any]:
        """What decides the arms' results (the bootstrap's resamples only change the report)."""
        settings = {key: value for key, value in to_dict(self.settings).items() if key not in ("resamples", *PLACEMENT)}
        return {"release": self.release.manifest.get("content_hash"), "student": self.settings.student,
                "settings": settings}

    def _check_config(self) -> None:
        path = self.out / "config.json"
        if path.is_file() and not any(self.finished(arm) for arm in ARMS):
            path.unlink()  # an earlier try that finished no arm (a bad student, say) holds nothing worth keeping
        if path.is_file():
            held = read_json(path)
            if held != self._config():
                changed = sorted(key for key in set(held["settings"]) | set(self._config()["settings"])
                                 if held["settings"].get(key) != self._config()["settings"].get(key))
                what = ", ".join(changed) or "release or student"
                raise RemakeError(f"{self.out} holds a transfer with other settings ({what}): "
                                  "give another --out, or delete that folder to start over")
        else:
            write_json(path, self._config())

    def _meta(self) -> dict[str, Any]:
        from remake.models.registry import EMBEDDED, resolve

        name = self.settings.student
        # an embedded model's id without converting it: a finished transfer need not touch the model
        model_id = EMBEDDED[name].upstream_id if name in EMBEDDED else resolve(name).model_id
        manifest = self.release.manifest
        settings = {**to_dict(self.settings), "max_length": self.recipe.max_length,
                    "max_new_tokens": self.recipe.max_new_tokens, "lora_alpha": 2 * self.settings.lora_r}
        return {"recipe": self.release.recipe.name, "settings": settings,
                "student": {"name": name, "model_id": model_id},
                "release": {"source": self.release.source, "name": manifest.get("name"),
                            "version": manifest.get("version"), "content_hash": manifest.get("content_hash"),
                            "teacher": (manifest.get("teacher") or {}).get("model_id")}}


def run_transfer(source: str, settings: TransferConfig) -> TransferResult:
    """Run (or resume) a transfer from a release folder or Hub id: the report and the output folder."""
    release = open_release(source, settings.revision)
    out = Path(settings.out) if settings.out else default_out(release, str(settings.student))
    student = Student(str(settings.student), settings.device, settings.load_in_4bit, settings.dtype)
    transfer = Transfer(release, settings, out, student)
    card = Path(source).expanduser() / "README.md"
    return TransferResult(transfer.run(), out, card if card.is_file() else None)


def _message(exc: BaseException) -> str:
    return first_line(exc) or type(exc).__name__
