"""Property-based checks of the edges: any number given to a harvest option either makes a valid config
or a RemakeError (never another exception), any damaged JSON Lines file either reads or is a RemakeError,
and a torn last line never costs the rows before it."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from remake.data.config import DataConfig
from remake.errors import RemakeError
from remake.files import append_jsonl, iter_jsonl
from remake.harvest.config import HarvestConfig

NUMERIC = {"epochs": st.integers(-5, 20), "limit": st.one_of(st.none(), st.integers(-5, 50)),
           "k": st.floats(-1, 1, allow_nan=False), "p": st.floats(-1, 2, allow_nan=False),
           "lr": st.floats(-1e-3, 1e-3, allow_nan=False), "batch_size": st.integers(-3, 64),
           "lora_r": st.integers(-3, 64), "lora_dropout": st.floats(-1, 2, allow_nan=False),
           "max_length": st.one_of(st.none(), st.integers(-10, 4096)),
           "max_new_tokens": st.one_of(st.none(), st.integers(-10, 1024)),
           "saturation_tol": st.floats(-1, 2, allow_nan=False), "eval_size": st.integers(-3, 64),
           "max_scan_fraction": st.floats(-1, 2, allow_nan=False)}


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional=NUMERIC))
def test_any_number_is_a_config_or_a_one_line_error(values: dict) -> None:
    try:
        config = HarvestConfig(data=DataConfig("gsm-symbolic"), **values)
    except RemakeError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("--")
        return
    assert config.epochs >= 1 and 0 < config.p <= 1 and config.lora_r >= 1 and 0 <= config.lora_dropout < 1
    assert config.max_length is None or config.max_length > 8


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=8), max_size=3),
                     max_size=5),
       tail=st.binary(max_size=40))
def test_damaged_jsonl_reads_or_is_a_one_line_error(tmp_path_factory, rows: list[dict], tail: bytes) -> None:
    path = Path(tmp_path_factory.mktemp("jsonl")) / "rows.jsonl"
    path.write_bytes(b"".join(json.dumps(row).encode() + b"\n" for row in rows) + tail)
    try:
        read = list(iter_jsonl(path))
    except RemakeError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)
        return
    assert read[: len(rows)] == rows  # a torn tail never costs a complete row
    append_jsonl(path, {"after": 1})  # and the next append neither fuses with it nor loses a row read
    assert list(iter_jsonl(path)) == [*read, {"after": 1}]
