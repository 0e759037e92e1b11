"""The same solvable rows written in every data shape remake reads: JSON Lines with a BOM, a JSON array,
CSV and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path


def solved(n: int) -> dict[str, str]:
    return {"question": f"Tom has {n} apples and buys {n + 1} more. How many apples does he have now?",
            "answer": f"{n} + {n + 1} = {2 * n + 1}\n#### {2 * n + 1}"}


ROWS = [solved(n) for n in range(1, 21)]


def formats(tmp_path: Path) -> dict[str, Path]:
    """The same rows as JSON Lines with a BOM, a JSON array, CSV and Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = {"bom": tmp_path / "bom.jsonl", "array": tmp_path / "rows.json", "csv": tmp_path / "rows.csv",
             "parquet": tmp_path / "rows.parquet"}
    files["bom"].write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8-sig")
    files["array"].write_text(json.dumps(ROWS, indent=2), encoding="utf-8")
    with open(files["csv"], "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["question", "answer"])
        writer.writeheader()
        writer.writerows(ROWS)
    pq.write_table(pa.Table.from_pylist(ROWS), files["parquet"])
    return files
