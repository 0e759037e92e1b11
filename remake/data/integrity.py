"""A release's files against its manifest (`remake.json`): every data file there with the size and SHA-256
it was released with, and the manifest's own content hash unchanged. Push, a re-release and the report
check it, so a tampered, truncated or deleted Parquet file is never published or described as released."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from remake.errors import RemakeError
from remake.files import read_json, sha256_file

MANIFEST = "remake.json"
FIX = "release the run again (`remake release RUN_DIR`) instead of editing a released version"


def content_hash(manifest: dict) -> str:
    """SHA-256 of the manifest's canonical JSON without name, version and the hash itself."""
    body = {key: value for key, value in manifest.items() if key not in ("name", "version", "content_hash")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verified_manifest(release_dir: Path) -> dict:
    """The manifest of `release_dir` once its files match it; a RemakeError names the first that does not."""
    path = Path(release_dir) / MANIFEST
    if not path.is_file():
        raise RemakeError(f"{release_dir} is not a remake release (no {MANIFEST}): give OUT/<name>/<version>")
    manifest = read_json(path)
    if "content_hash" in manifest and content_hash(manifest) != manifest["content_hash"]:
        raise RemakeError(f"release {release_dir}: {MANIFEST} was edited after the release (its content hash "
                          f"differs): {FIX}")
    for name, entry in (manifest.get("files") or {}).items():
        file = Path(release_dir) / name
        if not file.is_file():
            raise RemakeError(f"release {release_dir}: {name} is missing: {FIX}")
        if file.stat().st_size != entry.get("bytes") or sha256_file(file) != entry.get("sha256"):
            raise RemakeError(f"release {release_dir}: {name} was changed after the release (its SHA-256 differs "
                              f"from {MANIFEST}): {FIX}")
    return manifest
