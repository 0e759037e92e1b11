"""Command-line flags generated from typed configs (remake.options): each `option(...)` field becomes one
flag with its help and default, so nothing is declared twice. Flags left out do not appear in the parsed
namespace (argparse.SUPPRESS): `given()` returns only what was typed, to lay over defaults, a preset
(`--demo`) or a stored configuration (`remake filter RUN_DIR`)."""

from __future__ import annotations

import argparse
import dataclasses
import typing
from pathlib import Path
from typing import Any

from remake.errors import RemakeError
from remake.files import yaml_mapping
from remake.options import choices_of, field_types, flag_of, is_option, plain_type


def add_config_arguments(parser: argparse.ArgumentParser | Any, cls: type, prefix: str = "",
                         title: str | None = None) -> None:
    """Flags for the option fields of `cls`; `prefix` keeps the namespace keys of nested configs apart
    (e.g. `editor.model` for `--editor-model`)."""
    target = parser.add_argument_group(title) if title else parser
    hints = field_types(cls)
    for field in dataclasses.fields(cls):
        if not is_option(field):
            continue
        kind = plain_type(hints[field.name])
        meta = field.metadata
        flag = flag_of(field)
        common = {"dest": prefix + field.name, "default": argparse.SUPPRESS, "help": _help(field, kind)}
        if kind is bool:
            action = "store_false" if field.default is True else "store_true"
            target.add_argument(flag, action=action, **common)
        elif typing.get_origin(kind) is tuple:
            target.add_argument(flag, action="append", metavar=meta["metavar"], **common)
        else:
            choices = choices_of(field)
            metavar = meta["metavar"] or (None if choices else flag.lstrip("-").replace("-", "_").upper())
            target.add_argument(flag, type=_converter(kind), choices=choices, metavar=metavar, **common)


def given(namespace: argparse.Namespace, cls: type, prefix: str = "") -> dict[str, Any]:
    """The flags typed for the option fields of `cls` (under `prefix`), as field values (a repeated flag's
    list becomes the field's tuple in the config's own `coerce`)."""
    names = [field.name for field in dataclasses.fields(cls) if is_option(field)]
    return {name: getattr(namespace, prefix + name) for name in names if hasattr(namespace, prefix + name)}


def _help(field: dataclasses.Field, kind: Any) -> str:
    text = field.metadata["help"]
    default = field.default if field.default is not dataclasses.MISSING else None
    if kind is bool or default in (None, "", ()) or "default" in text:
        return text.replace("%", "%%")
    return f"{text} (default {default})".replace("%", "%%")


def _converter(kind: Any) -> Any:
    if kind in (int, float, Path):
        return kind
    return str


def add_config_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE.yaml",
                        help="settings from a YAML file: the options' names (lora_r or lora-r), nested sections as "
                             "mappings (editor:, filters:, data:, dataset:); the flags given win")


def file_values(path: Path | None) -> dict[str, Any]:
    """The settings of a --config file, keys as field names ("lora-r" -> "lora_r"), sections nested."""
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RemakeError(f"--config {path} does not exist: give a YAML file of settings") from None
    except (IsADirectoryError, UnicodeDecodeError):
        raise RemakeError(f"--config {path} is not a UTF-8 text file: give a YAML file of settings") from None
    return _field_names(yaml_mapping(text, f"--config {path}"))


def merged(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    """`top` laid over `base`, section by section (a flag given overrides one key of a section of the file)."""
    out = dict(base)
    for key, value in top.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _field_names(values: dict[str, Any]) -> dict[str, Any]:
    return {str(key).replace("-", "_"): _field_names(value) if isinstance(value, dict) else value
            for key, value in values.items()}
