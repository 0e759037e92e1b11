"""Versioned dataset releases: `OUT/<name>/<version>/`, written once from a harvest's run directory.

    OUT/<name>/v1.0.0/
      README.md     the dataset card (remake.release.card); its YAML `configs` map the splits below
      remake.json   the manifest: configuration, sources, models, seed, versions, per-file SHA-256, counts
      data/{train,rewrites,rejects,test}-00000-of-00001.parquet

The content hash covers the manifest (which holds every data file's SHA-256) minus name and version, so
re-releasing a run finds the release it already made and changes nothing. New content gets the next
minor version (v1.1.0); a change of columns or their types the next major (v2.0.0). An existing version is never
written to: a release is assembled in a staging folder and renamed into place.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from remake.data.integrity import MANIFEST, content_hash, verified_manifest
from remake.data.recipe import Recipe
from remake.data.rows import ACCEPTED, STATUSES, RewriteRow
from remake.data.rundir import RunDir, open_run
from remake.env import package_versions
from remake.errors import RemakeError
from remake.files import atomic_write_bytes, atomic_write_text, read_json, sha256_file, staging_dir, write_json
from remake.release.card import add_card_section, render_card
from remake.release.config import NAME, ReleaseConfig
from remake.release.tables import SPLITS, build_tables, parquet_bytes, schema_summary, split_path
from remake.secrets import scrub

__all__ = ["MANIFEST", "add_card_section", "read_manifest", "release_run"]

MANIFEST_FORMAT = 1
VERSION_DIR = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
# Packages whose versions decide the bytes written at release time (the harvest records its own).
RELEASE_PACKAGES = ("remake", "pyarrow", "huggingface_hub", "datasets")
USAGE_KEYS = ("calls", "cached_calls", "tokens_in", "tokens_out", "cost")


def release_run(run_dir: Path, out_root: Path, options: ReleaseConfig | None = None) -> Path:
    """Release a harvest as `out_root/<name>/<version>` and return that folder; an identical earlier
    release of the same content is returned as it is. `options` (ReleaseConfig): the name, the mix
    (rewrites in place of their questions, or added as extra rows) and which accepted rewrites to keep."""
    options = options or ReleaseConfig()
    name = options.name
    run = open_run(run_dir)
    _check_releasable(run, Path(out_root))
    config = run.load_config()
    recipe = run.recipe()
    name = name or f"{recipe.name}-remade"
    if not NAME.match(name):
        raise RemakeError(f"release name {name!r} must be letters, digits, '.', '_' or '-': choose another --name")
    home = Path(out_root) / name
    made_dirs = [folder for folder in (Path(out_root), home) if not folder.exists()]
    home.mkdir(parents=True, exist_ok=True)
    try:
        return _release(run, config, recipe, home, name, options)
    finally:  # a failed first release leaves no empty folders behind
        for folder in reversed(made_dirs):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def _check_releasable(run: RunDir, out_root: Path) -> None:
    if out_root.exists() and not out_root.is_dir():
        raise RemakeError(f"--out {out_root} is a file: give a folder for the releases")
    if not run.train_data.is_file():
        raise RemakeError(f"{run.root} holds no {run.train_data.relative_to(run.root)}: the harvest stopped before "
                          "training; start it again")
    if not run.epoch_rows():
        raise RemakeError(f"{run.root} has not finished an epoch, so there is nothing to release: resume it with "
                          f"`remake --resume {run.root}` first")


def _release(run: RunDir, config: dict, recipe: Recipe, home: Path, name: str, options: ReleaseConfig) -> Path:
    attempts = run.rewrite_rows()
    stage = staging_dir(home, ".staging-")
    try:
        made = build_tables(recipe, run.samples("train"), run.samples("test"), attempts, options.mix, options.keep)
        for split, table in made.tables.items():
            atomic_write_bytes(stage / split_path(split), parquet_bytes(table))
        manifest = _manifest(run, config, recipe, stage, made.tables, attempts, options)
        manifest["content_hash"] = content_hash(manifest)
        same = _find_release(home, manifest["content_hash"])
        if same is not None:
            return same
        _check_recipe(home, recipe.name)
        manifest["name"] = name
        manifest["version"] = _next_version(home, manifest["columns"])
        write_json(stage / MANIFEST, manifest)
        card = render_card(recipe, manifest, attempts, made.accepted)
        atomic_write_text(stage / "README.md", str(card))
        target = home / manifest["version"]
        try:
            os.rename(stage, target)  # fails if the version appeared meanwhile: never overwrite one
        except OSError:
            raise RemakeError(f"{target} appeared while releasing (another release running?): run the release again") from None
        return target
    finally:
        if stage.exists():
            shutil.rmtree(stage)


def read_manifest(release_dir: Path) -> dict:
    """The manifest of a release whose files are as released (remake.data.integrity)."""
    return verified_manifest(release_dir)


def _manifest(run: RunDir, config: dict, recipe: Recipe, stage: Path, tables: dict,
              attempts: list[RewriteRow], options: ReleaseConfig) -> dict:
    usage = run.usage()
    statuses = [attempt.status for attempt in attempts]
    manifest = {
        "format": MANIFEST_FORMAT,
        "recipe": recipe.name,
        "mix": options.mix,
        "keep": options.keep,
        "source": config.get("source") or recipe.source.model_dump(),
        "teacher": config.get("teacher"),
        "editor": config.get("editor"),
        "seed": config.get("seed"),
        "command": config.get("command"),
        "config": {"recipe": config["recipe"], "harvest": config.get("harvest", {})},
        "versions": {"harvest": config.get("versions", {}), "release": package_versions(RELEASE_PACKAGES)},
        "files": {split_path(split): {"sha256": sha256_file(stage / split_path(split)),
                                      "bytes": (stage / split_path(split)).stat().st_size,
                                      "rows": tables[split].num_rows} for split in SPLITS},
        "columns": schema_summary(tables["train"]),
        "counts": {
            **{f"{split}_rows": tables[split].num_rows for split in SPLITS},
            "remade": tables["rewrites"].num_rows,
            "source_rows": tables["train"].num_rows - (tables["rewrites"].num_rows if options.mix == "augment" else 0),
            "accepted_fixed": sum(a.status == ACCEPTED and a.teacher_correct_after for a in attempts),
            "attempts": len(attempts),
            **{status: statuses.count(status) for status in STATUSES},
        },
        "editor_usage": {**{key: usage.get(key, 0) for key in USAGE_KEYS},
                         **({"cost_budget": usage["cost_budget"]} if "cost_budget" in usage else {})},
    }
    return scrub(manifest)


def _releases(home: Path) -> list[tuple[tuple[int, int, int], Path]]:
    found = []
    for path in home.iterdir():
        match = VERSION_DIR.match(path.name)
        if match and (path / MANIFEST).is_file():
            found.append((tuple(int(part) for part in match.groups()), path))
    return sorted(found)


def _find_release(home: Path, digest: str) -> Path | None:
    """The version holding this content, its files checked: a tampered one is not "unchanged"."""
    for _, path in _releases(home):
        if read_json(path / MANIFEST).get("content_hash") == digest:
            verified_manifest(path)
            return path
    return None


def _check_recipe(home: Path, recipe: str) -> None:
    releases = _releases(home)
    if releases:
        held = read_json(releases[-1][1] / MANIFEST).get("recipe")
        if held != recipe:
            raise RemakeError(f"{home} holds releases of recipe {held!r}, not {recipe!r}: choose another --name")


def _next_version(home: Path, columns: dict) -> str:
    releases = _releases(home)
    if not releases:
        return "v1.0.0"
    (major, minor, _), latest = releases[-1]
    if read_json(latest / MANIFEST).get("columns") != columns:
        return f"v{major + 1}.0.0"
    return f"v{major}.{minor + 1}.0"
