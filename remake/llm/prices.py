"""Prices of model calls, in USD per million tokens (input, output): a `--editor-prices FILE` when given,
else litellm's maintained model cost map, which ships with textgrad's dependency litellm and is read here
as a file (importing litellm would fetch a fresh copy from the network). Embedded models cost nothing."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
