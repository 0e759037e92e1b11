"""ReleaseConfig: what a release holds, its flags generated like the harvest's (remake.cli.arguments)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from remake.errors import RemakeError
from remake.options import option
from remake.release import KEEPS, MIXES

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class ReleaseConfig:
    name: str | None = option(None, help="release name (default: <recipe>-remade)")
    mix: str = option("replace", choices=MIXES,
                      help="what `train` holds: accepted rewrites in place of their questions (replace) or the "
                           "original rows plus the rewrites as extra rows (augment)")
    keep: str = option("all", choices=KEEPS,
                       help="which accepted rewrites enter `train`: all, or only those after which the teacher "
                            "answered correctly (fixed); the card counts both")

    def __post_init__(self) -> None:
        if self.name is not None and not NAME.match(self.name):
            raise RemakeError(f"release name {self.name!r} must be letters, digits, '.', '_' or '-' (it names a "
                              "folder and a Hub repo): choose another --name")
        if self.mix not in MIXES:
            raise RemakeError(f"--mix {self.mix!r}: use one of {', '.join(MIXES)}")
        if self.keep not in KEEPS:
            raise RemakeError(f"--keep {self.keep!r}: use one of {', '.join(KEEPS)}")
