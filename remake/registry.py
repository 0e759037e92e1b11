"""One registry type for every plug-in kind (model backends, criteria, filters, answer formats, experiment
trackers), in the spirit of lm-eval's `Registry` and peft's `register_peft_method`: a component is
registered by name with its own settings, as an object or as a lazy `"module:Object"` target imported on
first use (the openai client and transformers are slow to import); a second registration of a name is
refused unless it says `replace=True`; an unknown name is a one-line error with the known names and a
"did you mean" hint."""

from __future__ import annotations

import difflib
import importlib
import threading
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from remake.errors import RemakeError

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One registered component: its name, its target (an object, or "module:Object" until loaded) and the
    settings it was registered with (a filter's chain order, a backend's capabilities, ...)."""

    name: str
    target: T | str
    settings: dict[str, Any] = field(default_factory=dict)


class Registry(Generic[T]):
    """Named components of one kind. `flag` names the option that selects one, for error messages."""

    def __init__(self, kind: str, flag: str = ""):
        self.kind = kind
        self.flag = flag
        self._entries: dict[str, Entry[T]] = {}
        self._loaded: dict[str, T] = {}
        self._lock = threading.Lock()

    def register(self, name: str, target: T | str, *, replace: bool = False, **settings: Any) -> None:
        """Add `target` under `name`; a name already taken is refused unless `replace` (a test's or a
        user's own version of a built-in)."""
        if not name or not isinstance(name, str):
            raise RemakeError(f"a {self.kind} needs a non-empty name, got {name!r}")
        if isinstance(target, str) and ":" not in target:
            raise RemakeError(f"{self.kind} {name!r}: a lazy target is written 'module:Object', got {target!r}")
        with self._lock:
            if name in self._entries and not replace:
                raise RemakeError(f"{self.kind} {name!r} is already registered: pick another name, or pass "
                                  f"replace=True to replace it")
            self._entries[name] = Entry(name, target, dict(settings))
            self._loaded.pop(name, None)

    def unregister(self, name: str) -> None:
        self._known(name)
        with self._lock:
            self._entries.pop(name, None)
            self._loaded.pop(name, None)

    def get(self, name: str) -> T:
        """The component registered under `name`, imported on first use."""
        entry = self._known(name)
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = _load(entry.target, f"{self.kind} {name!r}")
            return self._loaded[name]

    def settings(self, name: str) -> dict[str, Any]:
        return dict(self._known(name).settings)

    def names(self) -> tuple[str, ...]:
        """The registered names, in registration order."""
        return tuple(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def unknown(self, name: str) -> RemakeError:
        """The one-line error for a name nobody registered, with the closest known names."""
        close = difflib.get_close_matches(str(name), self.names(), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        where = f"{self.flag} " if self.flag else ""
        return RemakeError(f"{where}{name!r}: unknown {self.kind}{hint}; known ones are {', '.join(self.names())}")

    def _known(self, name: str) -> Entry[T]:
        entry = self._entries.get(name)
        if entry is None:
            raise self.unknown(name)
        return entry


def _load(target: Any, what: str) -> Any:
    if not isinstance(target, str):
        return target
    module_name, _, attribute = target.partition(":")
    try:
        value: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError) as error:
        raise RemakeError(f"{what}: cannot load {target!r} ({error})") from error
    return value
