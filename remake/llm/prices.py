"""Prices of model calls, in USD per million tokens (input, output): a `--editor-prices FILE` when given,
else litellm's maintained model cost map, which ships with textgrad's dependency litellm and is read here
as a file (importing litellm would fetch a fresh copy from the network). Embedded models cost nothing."""

from __future__ import annotations

import importlib.util
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.errors import RemakeError

COST_MAP = "model_prices_and_context_window_backup.json"


@dataclass(frozen=True)
class Prices:
    table: dict[str, tuple[float, float]]
    source: str

    def price(self, model: str) -> tuple[float, float] | None:
        from remake.models.registry import EMBEDDED

        if model in EMBEDDED:
            return (0.0, 0.0)
        return self.table.get(model) or self.table.get(model.split("/")[-1])


def read_prices_file(path: Path) -> dict[str, tuple[float, float]]:
    """A `--editor-prices FILE`: {"MODEL": [USD per 1M input tokens, USD per 1M output tokens]}, checked."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RemakeError(f"--editor-prices {path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise RemakeError(f"--editor-prices {path}: not UTF-8 text: save it as UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise RemakeError(f"--editor-prices {path}: not valid JSON (line {exc.lineno}): fix the file") from None
    shape = 'write {"MODEL": [USD per 1M input tokens, USD per 1M output tokens]}'
    if not isinstance(raw, dict):
        raise RemakeError(f"--editor-prices {path}: {shape}")
    prices: dict[str, tuple[float, float]] = {}
    for model, pair in raw.items():
        if (not isinstance(pair, list) or len(pair) != 2
                or not all(isinstance(p, (int, float)) and not isinstance(p, bool) and 0 <= p < math.inf
                           for p in pair)):  # NaN fails the comparison too
            raise RemakeError(f"--editor-prices {path}: bad entry for '{model}': {shape}")
        prices[model] = (float(pair[0]), float(pair[1]))
    return prices


def load_prices_table(editor: Any) -> Prices:
    """The editor config's prices (its --editor-prices file) or litellm's cost map."""
    if editor.prices:
        return Prices(dict(editor.prices), str(editor.prices_file or "--editor-prices"))
    return litellm_prices()


def litellm_prices() -> Prices:
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        return Prices({}, "no price table (litellm is not installed)")
    path = Path(list(spec.submodule_search_locations)[0]) / COST_MAP
    if not path.is_file():
        return Prices({}, f"no price table ({path} is missing)")
    raw = json.loads(path.read_text(encoding="utf-8"))
    table = {}
    for model, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        per_in, per_out = entry.get("input_cost_per_token"), entry.get("output_cost_per_token")
        if isinstance(per_in, (int, float)) and isinstance(per_out, (int, float)):
            table[model] = (per_in * 1e6, per_out * 1e6)
    return Prices(table, f"litellm's model cost map ({path.name})")
