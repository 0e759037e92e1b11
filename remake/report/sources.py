"""What a report shows, read from what remake wrote: a run directory (config.json, metrics.jsonl,
rewrites.jsonl, editor_usage.json), a release (remake.json and its Parquet splits) or a transfer folder
(report.json). Nothing here is recomputed; a run that was interrupted shows what it recorded so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from remake.data.integrity import verified_manifest
from remake.data.rundir import RunDir
from remake.errors import RemakeError
from remake.files import read_json
from remake.report.diff import word_diff


@dataclass
class ReportData:
    kind: str                                  # "run", "release" or "transfer"
    title: str
    source: Path
    summary: list[tuple[str, str]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)   # the saturation rule per epoch
    rewrites: list[dict[str, Any]] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    counts: list[tuple[str, Any]] = field(default_factory=list)
    arms: list[dict[str, Any]] = field(default_factory=list)


def load_report_data(target: Path) -> ReportData:
    if (target / "config.json").is_file() and (target / "data").is_dir():
        return _run(target)
    if (target / "remake.json").is_file():
        return _release(target)
    if (target / "report.json").is_file():
        return _transfer(target)
    raise RemakeError(f"{target} is neither a run directory, a release nor a transfer folder: give the folder "
                      "a harvest, `remake release` or `remake transfer` wrote")


def _run(root: Path) -> ReportData:
    run = RunDir(root)
    saved = run.load_config()
    harvest = saved.get("harvest") or {}
    metrics = run.epoch_rows()
    usage = run.usage()
    filters = harvest.get("filters") or {}
    solver = filters.get("solver") or (harvest.get("editor") or {}).get("model")
    summary = [
        ("command", saved.get("command", "")), ("recipe", str((saved.get("recipe") or {}).get("name", ""))),
        ("teacher", str((saved.get("teacher") or {}).get("alias") or harvest.get("teacher_model"))),
        ("editor", str((harvest.get("editor") or {}).get("model", ""))),
        ("judge / solver", f"{solver if filters.get('judge', True) else 'off'} / {solver}"),
        ("criterion", str(harvest.get("criterion", ""))), ("seed", str(saved.get("seed", harvest.get("seed", "")))),
        ("epochs", f"{len(metrics)} run of at most {harvest.get('epochs')}"),
        ("status", "finished" if run.editor_usage.is_file() else "interrupted or running (no final records yet)"),
        ("time", f"{sum(float(row.get('seconds') or 0) for row in metrics):.0f} s over the epochs"),
        ("editor calls", _calls(usage)),
        ("settings", ", ".join(f"{key}={harvest[key]}" for key in ("epochs", "k", "p", "lr", "lora_r",
                                                                    "saturation_tol", "limit") if key in harvest)),
    ]
    rows = [_rewrite(row.to_dict()) for row in run.rewrite_rows()] if run.rewrites.is_file() else []
    return ReportData(kind="run", title=f"remake run {root.name}", source=root, summary=summary, metrics=metrics,
                      decisions=[_decision(row) for row in metrics], rewrites=rows, filters=_filter_names(rows))


def _calls(usage: dict[str, Any]) -> str:
    if not usage:
        return "not recorded yet"
    text = (f"{usage.get('calls', 0)} new, {usage.get('cached_calls', 0)} cached; tokens {usage.get('tokens_in', 0)} in, "
            f"{usage.get('tokens_out', 0)} out; cost ${float(usage.get('cost') or 0):.4f}")
    for model, spent in (usage.get("filter_models") or {}).items():
        text += f"; filters ({model}): {spent.get('calls', 0)} new, {spent.get('cached_calls', 0)} cached"
    return text


def _decision(row: dict[str, Any]) -> dict[str, Any]:
    saturation = row.get("saturation") or {}
    return {"epoch": row.get("epoch"), "triggered": bool(saturation.get("triggered")),
            "reason": saturation.get("reason", ""), "accepted": row.get("rewrites_accepted", 0),
            "tried": row.get("rewrites_tried", 0)}


def _rewrite(row: dict[str, Any]) -> dict[str, Any]:
    checks = row.get("checks") or {}
    if isinstance(checks, list):  # a release stores them as a list of {filter, passed, score, reason}
        checks = {entry["filter"]: entry for entry in checks}
    original, rewrite = row.get("original_question") or "", row.get("rewrite") or ""
    return {"id": row.get("sample_id", ""), "epoch": row.get("epoch"), "status": row.get("status", ""),
            "editor_status": row.get("editor_status", ""), "iterations": row.get("iterations"),
            "original": original, "rewrite": rewrite, "diff": word_diff(original, rewrite) if rewrite else "",
            "reason": row.get("reason", ""), "teacher_before": row.get("teacher_answer_before") or "",
            "teacher_after": row.get("teacher_answer_after") or "",
            "fixed": bool(row.get("teacher_correct_after")), "refused": list(row.get("refused_drafts") or []),
            "checks": {name: {"passed": check.get("passed"), "score": check.get("score"),
                              "reason": check.get("reason", "")} for name, check in checks.items()},
            "failed": [name for name, check in checks.items() if check.get("passed") is False]}


def _filter_names(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(name for row in rows for name in row["checks"]))


def _release(root: Path) -> ReportData:
    import pyarrow.parquet as pq

    manifest = verified_manifest(root)  # a tampered release is refused, not described
    rows = []
    for split in ("rewrites", "rejects"):
        for file in sorted((root / "data").glob(f"{split}-*.parquet")):
            rows += [_rewrite(row) for row in pq.read_table(file).to_pylist()]
    summary = [("release", f"{manifest.get('name')} {manifest.get('version')}"), ("recipe", str(manifest.get("recipe"))),
               ("teacher", str((manifest.get("teacher") or {}).get("alias"))),
               ("editor", str((manifest.get("editor") or {}).get("model"))), ("seed", str(manifest.get("seed"))),
               ("mix", str(manifest.get("mix"))), ("keep", str(manifest.get("keep"))),
               ("command", str(manifest.get("command", "")))]
    return ReportData(kind="release", title=f"remake release {manifest.get('name')} {manifest.get('version')}",
                      source=root, summary=summary, rewrites=rows, filters=_filter_names(rows),
                      counts=sorted((manifest.get("counts") or {}).items()))


def _transfer(root: Path) -> ReportData:
    report = read_json(root / "report.json")
    arms = [{"name": name, **{key: arm.get(key) for key in ("label", "accuracy", "ci_low", "ci_high", "correct", "n")}}
            for name, arm in (report.get("arms") or {}).items()]
    summary = [(key, str(value)) for key, value in report.items() if isinstance(value, (str, int, float))]
    differences = [(name, f"{d['delta']:+.2f} points, 95% CI [{d['ci_low']:.2f}, {d['ci_high']:.2f}], "
                          f"P(not better) {d['p_not_better']:.3f}")
                   for name, d in (report.get("differences") or {}).items()]
    return ReportData(kind="transfer", title=f"remake transfer {root.name}", source=root, summary=summary, arms=arms,
                      counts=differences)
