"""Typed configuration: a dataclass field that carries its own help (as TRL's configs do for
HfArgumentParser), so defaults and help text live in one place and `remake.cli` builds the flags from
them; and strict conversion to and from the plain dicts a run stores in its config.json."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from remake.errors import RemakeError

T = TypeVar("T")


def option(default: Any = dataclasses.MISSING, *, help: str, flag: str | None = None,
           choices: Sequence[str] | Callable[[], Sequence[str]] | None = None, metavar: str | None = None,
           default_factory: Any = dataclasses.MISSING) -> Any:
    """A config field with its command-line help. `flag` overrides the derived `--field-name`
    (a bool that defaults to True becomes an off switch such as `--no-judge`). `choices` may be a callable,
    read when the flags are built: a registry's names, which grow with every plug-in registered."""
    fixed = tuple(choices) if choices and not callable(choices) else None
    metadata = {"help": help, "flag": flag, "choices": choices if callable(choices) else fixed, "metavar": metavar}
    if default_factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def choices_of(field: dataclasses.Field) -> tuple[str, ...] | None:
    """An option's choices as they are now (a registry's names read at this moment)."""
    choices = field.metadata.get("choices")
    return tuple(choices()) if callable(choices) else choices


def is_option(field: dataclasses.Field) -> bool:
    return "help" in field.metadata


def flag_of(field: dataclasses.Field) -> str:
    """The command-line flag of an option field: its own `flag`, else `--field-name`."""
    return field.metadata.get("flag") or "--" + field.name.replace("_", "-")


def flags(cls: type, prefix: str = "") -> dict[str, str]:
    """Dotted field path -> flag, for every option field of `cls` and of its nested configs."""
    found: dict[str, str] = {}
    hints = field_types(cls)
    for field in dataclasses.fields(cls):
        kind = plain_type(hints[field.name])
        if is_option(field):
            found[prefix + field.name] = flag_of(field)
        elif dataclasses.is_dataclass(kind):
            found.update(flags(kind, f"{prefix}{field.name}."))
    return found


def field_types(cls: type) -> dict[str, Any]:
    """The resolved annotations of a config class (they are strings under `from __future__ import annotations`)."""
    return typing.get_type_hints(cls)


def plain_type(annotation: Any) -> Any:
    """`int | None` -> int; other annotations unchanged."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def coerce(config: Any) -> None:
    """In a frozen config's __post_init__: paths given as text become Paths, lists of a tuple field tuples,
    so that a config built from Python (`run_dir="runs/x"`) equals one built from flags or config.json."""
    hints = field_types(type(config))
    for field in dataclasses.fields(config):
        kind, value = plain_type(hints[field.name]), getattr(config, field.name)
        if kind is Path and isinstance(value, str):
            object.__setattr__(config, field.name, Path(value))
        elif typing.get_origin(kind) is tuple and isinstance(value, list):
            object.__setattr__(config, field.name, tuple(value))


def to_dict(config: Any) -> dict[str, Any]:
    """A config as JSON-ready values (paths as strings, tuples as lists), nested configs included."""
    return {field.name: to_plain(getattr(config, field.name)) for field in dataclasses.fields(config)}


def to_plain(value: Any) -> Any:
    """One value as JSON has it."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item) for key, item in value.items()}
    return value


def from_dict(cls: type[T], values: Mapping[str, Any], where: str = "settings") -> T:
    """Build `cls` from stored or merged values, nested configs included. An unknown key is an error
    naming the known ones, never ignored; the class's own validation then runs as usual."""
    known = {field.name: field for field in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise RemakeError(f"{where}: unknown setting {', '.join(unknown)}: known ones are {', '.join(sorted(known))}")
    hints = field_types(cls)
    return cls(**{name: _typed(hints[name], value, f"{where}.{name}") for name, value in values.items()})


def _typed(annotation: Any, value: Any, where: str) -> Any:
    """Nested configs are built here; paths and tuples are each config's own `coerce` in __post_init__."""
    kind = plain_type(annotation)
    if dataclasses.is_dataclass(kind) and isinstance(value, Mapping):
        return from_dict(kind, value, where)
    return value


def url_problem(url: str | None, flag: str) -> str | None:
    """Why `url` cannot be an endpoint's base URL (one line naming `flag` and the fix), or None."""
    from urllib.parse import urlsplit

    if url is None:
        return None
    shape = "give it as http(s)://HOST:PORT/v1"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it validates the port
    except ValueError as exc:
        return f"{flag} {url!r} is not a URL ({exc}): {shape}"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{flag} {url!r} is not an http(s) URL with a host: {shape}"
    return None
