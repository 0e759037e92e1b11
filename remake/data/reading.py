"""Local data files as rows, each with the place it came from (file and line, or row), read the way users
have them: JSON Lines, a JSON array, CSV or Parquet, UTF-8 with or without a byte-order mark. Read
directly, not through the datasets library's builder, which copies every file into its cache (54 MB for
100,000 GSM8K rows) and reports a bad row as a byte offset in a pyarrow error."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.errors import RemakeError, first_line

FORMATS = (".jsonl", ".json", ".csv", ".parquet")


@dataclass(frozen=True)
class FileRows:
    """Rows of one file; `places[i]` says where row i is ("line 7", "item 3", "row 12")."""

    file: Path
    rows: list[dict[str, Any]]
    places: list[str]


def read_rows(file: Path) -> FileRows:
    suffix = file.suffix.lower()
    if suffix == ".parquet":
        return _parquet(file)
    text = _text(file)
    if suffix == ".csv":
        return _csv(file, text)
    if suffix == ".json" and text.lstrip()[:1] == "[":
        return _json_array(file, text)
    return _json_lines(file, text)  # .jsonl, and .json with one object per line (as datasets reads it)


def _text(file: Path) -> str:
    data = file.read_bytes()
    try:
        return data.decode("utf-8-sig")  # a byte-order mark is read, as pandas and datasets do
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RemakeError(f"data file {file} line {line} is not UTF-8 text (byte 0x{data[exc.start]:02x}): save the "
                          "file as UTF-8") from None


def _json_lines(file: Path, text: str) -> FileRows:
    rows, places = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RemakeError(f"data file {file} line {number} is not valid JSON ({exc.msg}, column {exc.colno}): "
                              "fix or remove the line") from None
        rows.append(_object(file, f"line {number}", row))
        places.append(f"line {number}")
    return FileRows(file, rows, places)


def _json_array(file: Path, text: str) -> FileRows:
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RemakeError(f"data file {file} line {exc.lineno} is not valid JSON ({exc.msg}, column {exc.colno}): "
                          "fix the file") from None
    places = [f"item {index + 1}" for index in range(len(items))]
    return FileRows(file, [_object(file, place, item) for place, item in zip(places, items)], places)


def _object(file: Path, place: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RemakeError(f"data file {file} {place} is a JSON {type(value).__name__}, not an object: give one "
                          "object per row, with the recipe's fields")
    return value


def _csv(file: Path, text: str) -> FileRows:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header:
            raise RemakeError(f"data file {file} has no header line: the first line names the columns")
        records, places, start = [], [], reader.line_num + 1
        for cells in reader:
            if cells:
                if len(cells) != len(header):
                    raise RemakeError(f"data file {file} line {start} has {len(cells)} fields, the header "
                                      f"{len(header)}: quote fields that hold commas")
                records.append(cells)
                places.append(f"line {start}")
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RemakeError(f"data file {file} line {reader.line_num} is not valid CSV ({exc}): fix the line") from None
    columns = [_typed_column([cells[i] for cells in records]) for i in range(len(header))]
    rows = [{name: column[r] for name, column in zip(header, columns)} for r in range(len(records))]
    return FileRows(file, rows, places)


def _typed_column(cells: list[str]) -> list[Any]:
    """A column's type as pandas (and so datasets) infers it: int, else float, else text; empty is null."""
    filled = [cell for cell in cells if cell != ""]
    for kind in (int, float):
        try:
            values = {cell: kind(cell) for cell in filled}
        except ValueError:
            continue
        return [values[cell] if cell != "" else None for cell in cells]
    return [cell if cell != "" else None for cell in cells]


def _parquet(file: Path) -> FileRows:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        rows = pq.read_table(file).to_pylist()
    except (pa.ArrowException, OSError) as exc:
        raise RemakeError(f"data file {file} could not be read as Parquet: {first_line(exc)}") from None
    return FileRows(file, rows, [f"row {index + 1}" for index in range(len(rows))])
