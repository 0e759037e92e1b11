"""Algorithm 1 of NS-LoRA as a harvest: numerical LoRA epochs on the teacher, per-sample criteria,
and, when training has saturated, a symbolic phase that rewrites the questions the teacher still
gets wrong. The loop reads like the algorithm and delegates every step."""

from __future__ import annotations

import signal
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from remake.data.recipe import Recipe
from remake.data.rows import ACCEPTED, RewriteRow
from remake.data.rundir import RunDir, epoch_rows
from remake.data.samples import Sample, with_question
from remake.evaluation.evaluate import score_outputs
from remake.files import append_jsonl, save_pretrained_atomically, write_json, write_jsonl
from remake.harvest import checkpoint
from remake.harvest.criteria import Criterion, CriterionInputs, loss_ratios
from remake.harvest.numerical import NumericalTrainer
from remake.harvest.plots import plot_metrics
from remake.harvest.saturation import SaturationRule, decide
from remake.harvest.selection import scan_cap, select, target_size
from remake.harvest.symbolic import Chosen, SymbolicPhase
from remake.harvest.teacher import Teacher
from remake.harvest.timing import timed


@dataclass(frozen=True)
class LoopSettings:
    """The loop's share of HarvestConfig (remake.harvest.config holds the defaults)."""

    epochs: int
    p: float
    max_scan_fraction: float   # at most this share of the training set is generated per epoch
    update_system_prompt: bool
    seed: int
    rule: SaturationRule
    scan_chunk: int = 8        # candidates generated per batch while scanning


@dataclass
class Harvest:
    """The parts Algorithm 1 runs on, wired by remake.harvest.build from a HarvestConfig."""

    run: RunDir
    recipe: Recipe
    settings: LoopSettings
    trainer: NumericalTrainer
    teacher: Teacher
    criterion: Criterion
    symbolic: SymbolicPhase | None      # None for the LoRA-only baseline (criterion "none")
    heldout: list[Sample]
    originals: list[Sample]
    log: Callable[[str], None] = print
    trackers: Any = None                # remake.harvest.trackers.Trackers (--report-to), or None
    _stop: list[bool] = field(default_factory=lambda: [False])

    def run_all(self) -> bool:
        """Run (or continue) the harvest; False when interrupted (the last epoch-end state is kept)."""
        state = self._restore()
        # Ctrl-C and a SIGTERM (a scheduler's stop, `kill`) both stop at the next step with the report written
        previous = {sig: signal.signal(sig, self._on_stop_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for epoch in range(state.epoch + 1, self.settings.epochs + 1):
                state = self._epoch(epoch, state)
                if state is None:
                    self.log(f"interrupted: resume with `remake --resume {self.run.root}`")
                    return False
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return True

    # -- one epoch of Algorithm 1 ---------------------------------------------------------------
    def _epoch(self, epoch: int, state: checkpoint.LoopState) -> checkpoint.LoopState | None:
        started = time.monotonic()
        tokens = self.trainer.tokens  # before a symbolic phase changes the questions
        seconds: dict[str, float] = {}  # per phase, for metrics.jsonl
        # numerical phase: LoRA steps on the fixed plan, per-sample loss recorded from the same forward
        with timed(seconds, "numerical"):
            result = self.trainer.run_epoch(should_stop=lambda: self._stop[0], progress=f"epoch {epoch} train")
        if result is None:
            return None
        self._publish_adapter(epoch)
        mean_losses = [*state.mean_losses, result.mean_loss]
        questions = {s.id: s.question for s in self.trainer.samples}
        inputs = CriterionInputs(epoch=epoch, seed=self.settings.seed, losses=result.losses,
                                 previous_losses=state.previous_losses, questions=questions,
                                 grad_norms=self.trainer.grad_norms)
        with timed(seconds, "heldout"):
            accuracy = self._heldout_accuracy(epoch)
        decision = decide(self.settings.rule, epoch, mean_losses)
        values: dict[str, float] = {}
        rows: list[RewriteRow] = []
        scan: dict[str, Any] = {}
        if decision.triggered and self.symbolic is not None:
            # symbolic phase: lowest-criterion samples the teacher still gets wrong go to the editor
            values = self.criterion.values(inputs)
            rows, scan = self._symbolic(epoch, values, accuracy, seconds)
            if self._stop[0]:
                return None
        self._record(epoch, result, state.previous_losses, values, decision, accuracy, rows, scan, started,
                     {"train_tokens": tokens, "phase_seconds": {k: round(v, 2) for k, v in seconds.items()}})
        new_state = checkpoint.LoopState(epoch=epoch, plan=self.trainer.plan,
                                         questions=self._current_raw_questions(),
                                         system=self.teacher.system, previous_losses=result.losses,
                                         mean_losses=mean_losses)
        checkpoint.save(self.run.state, self.trainer.model, self.trainer.optimizer, new_state)
        plot_metrics(self.run.epoch_rows(), self.run.plots)
        return new_state

    def _symbolic(self, epoch: int, values: dict[str, float], accuracy: float | None,
                  seconds: dict[str, float]) -> tuple[list[RewriteRow], dict]:
        assert self.symbolic is not None
        samples = {s.id: s for s in self.trainer.samples}
        # unmeasured held-out accuracy: size the scan as if the teacher got everything wrong
        target = target_size(self.settings.p, 1.0 - (accuracy or 0.0) / 100.0, len(samples))
        max_scan = scan_cap(self.settings.max_scan_fraction, len(samples), self.settings.scan_chunk)
        with timed(seconds, "scan"):
            chosen = select(values, target, max_scan, self.settings.scan_chunk,
                            lambda ids: dict(zip(ids, self.teacher.answer([samples[i] for i in ids]))))
        picks = [Chosen(samples[sid], output, values[sid]) for sid, output in chosen.wrong.items()]
        rows = self.symbolic.run(epoch, picks, self.teacher, seconds) if picks else []
        accepted = {row.sample_id: row.rewrite for row in rows if row.status == ACCEPTED}
        if accepted:
            self.trainer.set_samples([with_question(self.recipe, s, accepted[s.id]) if s.id in accepted else s
                                      for s in self.trainer.samples])
        if self.settings.update_system_prompt and rows:
            feedback = [row.feedback for row in rows if row.feedback]
            system = self.symbolic.editor.rewrite_system_prompt(self._system(), feedback)
            if system:
                self.teacher.system = system
                self.trainer.set_samples([_with_system(s, system) for s in self.trainer.samples])
        scan = {"target": target, "scanned": len(chosen.scanned), "wrong_found": len(chosen.wrong),
                "scanned_correct": len(chosen.correct)}
        return rows, scan

    def _heldout_accuracy(self, epoch: int) -> float | None:
        """None with --eval-size 0: not measured, recorded as null (0.0 would read as a teacher that fails)."""
        if not self.heldout:
            return None
        samples = [_with_system(s, self.teacher.system) if self.teacher.system else s for s in self.heldout]
        outputs = [out for out, _ in self.teacher.answer(samples, progress=f"epoch {epoch} held-out")]
        scored = score_outputs(self.recipe, samples, outputs)
        # per item, so that runs (LoRA alone against NS-LoRA, seeds) can be compared item by item
        for row in scored.rows:
            append_jsonl(self.run.heldout, {"epoch": epoch, "sample_id": row["id"], "output": row["output"],
                                            "correct": row["correct_math"]})
        return scored.summary["accuracy_math_verify"]

    # -- records ---------------------------------------------------------------------------------
    def _record(self, epoch: int, result: Any, previous: dict[str, float] | None, values: dict[str, float],
                decision: Any, accuracy: float | None, rows: list[RewriteRow], scan: dict, started: float,
                extra: dict[str, Any]) -> None:
        ratios = loss_ratios(result.losses, previous) if previous else {}
        for sid in sorted(result.losses):
            append_jsonl(self.run.criteria, {"epoch": epoch, "sample_id": sid, "loss": result.losses[sid],
                                             "loss_ratio": ratios.get(sid), "criterion": self.criterion.name,
                                             "value": values.get(sid)})
        for row in rows:
            append_jsonl(self.run.rewrites, row.to_dict())
        accepted = sum(row.status == ACCEPTED for row in rows)
        spread = sorted(values.values())
        metrics = {
            "epoch": epoch, "mean_loss": result.mean_loss, "grad_norm": result.grad_norm, "steps": result.steps,
            **extra,
            "heldout_accuracy": accuracy, "criterion": self.criterion.name, "criterion_count": len(spread),
            "criterion_min": spread[0] if spread else None,
            "criterion_median": statistics.median(spread) if spread else None,
            "criterion_max": spread[-1] if spread else None,
            "saturation": {"triggered": decision.triggered, "reason": decision.reason, **decision.values},
            **scan, "rewrites_tried": len(rows), "rewrites_accepted": accepted,
            "budget_stopped": sum(row.editor_status == "budget" for row in rows),
            "system_prompt": self.teacher.system, "seconds": round(time.monotonic() - started, 2),
        }
        append_jsonl(self.run.metrics, metrics)
        if self.trackers is not None:
            self.trackers.log_epoch(metrics)
        symbolic = ""
        if decision.triggered and self.symbolic:
            symbolic = (f" → symbolic: target {scan.get('target', 0)}, scanned {scan.get('scanned', 0)} "
                        f"({scan.get('scanned_correct', 0)} correct), rewritten {len(rows)}, accepted {accepted}")
        self.log(f"epoch {epoch}/{self.settings.epochs}: loss {result.mean_loss:.4f} | held-out {_percent(accuracy)} | "
                 f"saturation: {decision.reason}{symbolic}")

    def _current_raw_questions(self) -> dict[str, str]:
        field_name = self.recipe.fields.question
        return {s.id: str(s.fields[field_name]) for s in self.trainer.samples}

    def _system(self) -> str:
        return self.teacher.system if self.teacher.system is not None else self.trainer.samples[0].system

    # -- resume ----------------------------------------------------------------------------------
    def _restore(self) -> checkpoint.LoopState:
        found = checkpoint.latest(self.run.state)
        if found is None:  # the first epoch's checkpoint was never written (a full disk): start over
            self._drop_rows_after(0)
            return checkpoint.LoopState(epoch=0, plan=self.trainer.plan, questions={}, system=None,
                                        previous_losses=None, mean_losses=[])
        state = checkpoint.load(found, self.trainer.model, self.trainer.optimizer)
        self.trainer.plan = state.plan
        self.teacher.system = state.system
        restored = [with_question(self.recipe, s, state.questions[s.id]) for s in self.originals]
        self.trainer.set_samples([_with_system(s, state.system) if state.system else s for s in restored])
        self._drop_rows_after(state.epoch)
        # a served teacher (a server, llama.cpp) answers with the restored adapter, not its base
        self._publish_adapter(state.epoch)
        self.log(f"resuming {self.run.root} after epoch {state.epoch}")
        return state

    def _drop_rows_after(self, epoch: int) -> None:
        """Rows of an epoch whose checkpoint was not written are recorded again when it is re-run."""
        for path in (self.run.metrics, self.run.criteria, self.run.heldout, self.run.rewrites):
            if path.is_file():
                write_jsonl(path, [row for row in epoch_rows(path) if row["epoch"] <= epoch])

    def _publish_adapter(self, epoch: int) -> None:
        self.teacher.after_training(self.run.root / "adapters" / f"epoch-{epoch}", f"remake-epoch-{epoch}")

    def _on_stop_signal(self, signum: int, frame: Any) -> None:
        if self._stop[0]:
            raise KeyboardInterrupt
        self._stop[0] = True
        self.log("stopping at the next step (Ctrl-C again to abort now)")

    def finish(self, usage: dict[str, Any]) -> Path:
        """Final adapter, current questions and editor usage next to the run's records."""
        save_pretrained_atomically(self.trainer.model, self.run.root / "adapter")
        write_json(self.run.questions, self._current_raw_questions())
        write_json(self.run.editor_usage, usage)
        return self.run.root


def _with_system(sample: Sample, system: str) -> Sample:
    return replace(sample, system=system)


def _percent(accuracy: float | None) -> str:
    return "not measured (--eval-size 0)" if accuracy is None else f"{accuracy:.1f}%"
