"""What `remake.make_release` returns: the release folder and what its manifest says of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.data.integrity import verified_manifest


@dataclass(frozen=True)
class ReleaseResult:
    release_dir: Path
    manifest: dict[str, Any]  # remake.json, checked against the files it lists

    @classmethod
    def read(cls, release_dir: Path) -> ReleaseResult:
        return cls(Path(release_dir), verified_manifest(Path(release_dir)))

    @property
    def name(self) -> str:
        return str(self.manifest["name"])

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    def lines(self) -> list[str]:
        counts = self.manifest["counts"]
        return [f"release {self.name} {self.version} ({self.manifest['content_hash']})",
                f"  {counts['remade']} of {counts['source_rows']} training rows remade ({self.manifest['mix']}), "
                f"{counts['rejects_rows']} rejects, {counts['test_rows']} test rows",
                f"  {self.release_dir}  (load with datasets.load_dataset('{self.release_dir}'))"]
