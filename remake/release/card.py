"""The dataset card (README.md) of a release, rendered with huggingface_hub's DatasetCard from the Jinja
template `dataset_card.md` (package data `remake.cards`: the repository's `cards/` folder); the edits a card
gets later: a section added by a later stage, and the metadata of a card already on the Hub merged in at
push time."""

from __future__ import annotations

import json
import re
from collections import Counter
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

from huggingface_hub import DatasetCard, DatasetCardData

from remake.data.recipe import Recipe
from remake.data.rows import ACCEPTED, RewriteRow
from remake.errors import RemakeError
from remake.files import atomic_write_text
from remake.release.tables import SPLITS, Remade, split_path

CARDS_PACKAGE = "remake.cards"  # setuptools maps it to the top-level cards/ folder
TEMPLATE = "dataset_card.md"
QUALITY = "filter_quality.json"
EXAMPLES = 3
UNITED_KEYS = ("tags",)
TAGS = ("remake", "ns-lora", "textgrad", "synthetic", "data-augmentation")
# The Hub's size_categories values, by upper bound of the row count.
SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
         (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"))


def render_card(recipe: Recipe, manifest: dict, attempts: list[RewriteRow], accepted: list[Remade]) -> DatasetCard:
    """`accepted`: the accepted attempts behind the remade train rows, in row order (remake.release.tables)."""
    counts, usage = manifest["counts"], manifest["editor_usage"]
    source = manifest.get("source") or {}
    return DatasetCard.from_template(
        card_data(recipe, counts, manifest["content_hash"]),
        # read here: from_template's own read uses the locale's encoding
        template_str=resources.files(CARDS_PACKAGE).joinpath(TEMPLATE).read_text(encoding="utf-8"),
        pretty_name=_pretty_name(recipe),
        recipe_description=recipe.description,
        version=manifest["version"],
        content_hash=manifest["content_hash"],
        teacher_model=_model_name(manifest.get("teacher")),
        editor_model=_model_name(manifest.get("editor")),
        criteria=", ".join(sorted({a.criterion for a in attempts if a.criterion})) or "none recorded",
        question_column=recipe.fields.question,
        counts=counts,
        usage=usage,
        command=manifest.get("command") or "(not recorded)",
        source_id=_source_id(recipe, source),
        source_revision=source.get("revision"),
        seed=manifest.get("seed"),
        remade_percent=_percent(counts["remade"], counts["source_rows"]),
        mix=manifest["mix"],
        keep=manifest["keep"],
        acceptance_rate=_percent(counts["accepted"], counts["attempts"]),
        filter_rates=filter_rates(attempts),
        filter_quality=filter_quality(),
        iterations=iteration_histogram(attempts),
        examples=[_example(made) for made in accepted[:EXAMPLES]],
        source_citation=recipe.card.citation.strip(),
    )


def card_data(recipe: Recipe, counts: dict[str, int], content_hash: str) -> DatasetCardData:
    # An empty split keeps its Parquet file (and its row in the card's table) but is left out of
    # `configs`: `datasets` cannot build a split from a file with no rows ("BatchSize must be greater
    # than 0"), so listing it would make the whole release unloadable.
    filled = [split for split in SPLITS if counts[f"{split}_rows"] > 0] or list(SPLITS)
    # `datasets` keys its cache of a local folder by the folder's name (v1.0.0) and the config, not by path
    # or content: without something unique in the config, a second v1.0.0 loads the first one's cache
    return DatasetCardData(
        license=recipe.card.license,
        pretty_name=_pretty_name(recipe),
        source_datasets=list(recipe.card.source_datasets) or None,
        task_categories=list(recipe.card.task_categories),
        size_categories=[size_category(counts["train_rows"])],
        annotations_creators=["machine-generated"],
        tags=[*TAGS, recipe.name],
        configs=[{"config_name": "default", "description": f"remake release {content_hash}",
                  "data_files": [{"split": split, "path": split_path(split)} for split in filled]}],
    )


def size_category(rows: int) -> str:
    return next((label for bound, label in SIZES if rows < bound), "n>100M")


def filter_quality() -> dict | None:
    """The filter chain's figures on the hand-labelled sets (`cards/filter_quality.json`, written by
    benchmarks/bench_filters.py), or None when the package has none."""
    source = resources.files(CARDS_PACKAGE).joinpath(QUALITY)
    return json.loads(source.read_text(encoding="utf-8")) if source.is_file() else None


def filter_rates(attempts: list[RewriteRow]) -> list[dict]:
    """Per filter: how many attempts it passed, failed and could not decide; the pass rate among decided."""
    verdicts: dict[str, Counter[str]] = {}
    for attempt in attempts:
        for name, check in attempt.checks.items():
            outcome = {True: "passed", False: "failed"}.get(check.get("passed"), "inconclusive")
            verdicts.setdefault(name, Counter())[outcome] += 1
    return [{"filter": name, "passed": seen["passed"], "failed": seen["failed"], "inconclusive": seen["inconclusive"],
             "rate": _percent(seen["passed"], seen["passed"] + seen["failed"])} for name, seen in sorted(verdicts.items())]


def iteration_histogram(attempts: list[RewriteRow]) -> list[dict]:
    total: Counter[int] = Counter()
    accepted: Counter[int] = Counter()
    for attempt in attempts:
        total[attempt.iterations] += 1
        accepted[attempt.iterations] += attempt.status == ACCEPTED
    return [{"iterations": n, "attempts": total[n], "accepted": accepted[n]} for n in sorted(total)]


def word_diff(before: str, after: str) -> str:
    """`git diff --word-diff` style: unchanged words as they are, `[-removed-]` and `{+added+}`."""
    old, new = before.split(), after.split()
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(" ".join(old[i1:i2]))
        if tag in ("delete", "replace"):
            parts.append("[-" + " ".join(old[i1:i2]) + "-]")
        if tag in ("insert", "replace"):
            parts.append("{+" + " ".join(new[j1:j2]) + "+}")
    return " ".join(parts)


def add_card_section(release_dir: Path, title: str, markdown: str) -> None:
    """Add `## title` with `markdown` to a release's card, replacing a section of that title if there is
    one; a new section goes before the citations. The data files and manifest are not touched."""
    path = Path(release_dir) / "README.md"
    if not path.is_file():
        raise RemakeError(f"{release_dir} has no README.md: give a release folder OUT/<name>/<version>")
    card = DatasetCard.load(path)
    card.text = replace_section(card.text, title, markdown)
    atomic_write_text(path, str(card))


def replace_section(text: str, title: str, markdown: str) -> str:
    lines = text.splitlines(keepends=True)
    headings = _headings(lines)
    section = [f"## {title}\n", "\n", markdown.strip() + "\n", "\n"]
    start = next((i for i, level, name in headings if level == 2 and name == title.strip()), None)
    if start is None:
        start = next((i for i, level, name in headings if level == 2 and name == "Citations"), len(lines))
        end = start
        if start == len(lines) and lines and lines[-1].strip():
            section.insert(0, "\n")
    else:
        end = next((i for i, level, _ in headings if i > start and level <= 2), len(lines))
    return "".join(lines[:start] + section + lines[end:])


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of each Markdown heading outside fenced code blocks."""
    found, fenced = [], False
    for index, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match and not fenced:
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def _example(made: Remade) -> dict:
    before, after = made.source_question, str(made.attempt.rewrite)
    return {"sample_id": made.attempt.sample_id, "epoch": made.attempt.epoch,
            "iterations": made.attempt.iterations, "before": _quote(before), "after": _quote(after),
            "diff": _fenced(word_diff(before, after))}


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _fenced(text: str) -> str:
    """A code block whose fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _pretty_name(recipe: Recipe) -> str:
    return recipe.card.pretty_name or f"{recipe.name} remade with NS-LoRA"


def _model_name(model: dict | None) -> str:
    if not model:
        return "(not recorded)"
    return str(model.get("model_id") or model.get("model") or model.get("alias") or "(not recorded)")


def _source_id(recipe: Recipe, source: dict) -> str:
    dataset = source.get("dataset") or recipe.source.dataset
    if not dataset and (source.get("path") or recipe.source.path):
        return f"local file {Path(source.get('path') or recipe.source.path).name} (recipe {recipe.name})"
    if not dataset:
        return f"{recipe.source.type} (recipe {recipe.name})"
    config = source.get("config") or recipe.source.config
    return f"{dataset}" + (f" (config {config})" if config else "")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def merge_metadata(local: DatasetCard, remote: DatasetCard | None) -> DatasetCard:
    """The local card with the metadata of the card already on the Hub merged in: keys only the Hub has
    are kept, tags are united, every other key the release sets wins (its configs match its files)."""
    if remote is None:
        return local
    merged = remote.data.to_dict()
    for key, value in local.data.to_dict().items():
        held = merged.get(key)
        if key in UNITED_KEYS and isinstance(held, list) and isinstance(value, list):
            merged[key] = held + [item for item in value if item not in held]
        else:
            merged[key] = value
    card = DatasetCard(str(local))
    card.data = DatasetCardData(**merged)
    return card
