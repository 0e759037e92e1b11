"""`remake release RUN_DIR`: write a versioned dataset release of a harvest's run directory."""

from __future__ import annotations

import argparse
from pathlib import Path

from remake.release import MIXES
from remake.release.build import read_manifest


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", type=Path, help="a harvest's run directory")
    parser.add_argument("--out", type=Path, default=Path("out"),
                        help="where releases are written: OUT/<name>/<version> (default: out)")
    parser.add_argument("--name", help="release name (default: <recipe>-remade)")
    parser.add_argument("--mix", choices=MIXES, default="replace",
                        help="what `train` holds: accepted rewrites in place of their questions (replace, the "
                             "default) or the original rows plus the rewrites as extra rows (augment)")


def run(args: argparse.Namespace) -> int:
    import remake

    path = remake.release(args.run_dir, args.out, args.name, args.mix)
    manifest = read_manifest(path)
    counts = manifest["counts"]
    print(f"release {manifest['name']} {manifest['version']} ({manifest['content_hash']})")
    print(f"  {counts['remade']} of {counts['source_rows']} training rows remade ({manifest['mix']}), "
          f"{counts['rejects_rows']} rejects, {counts['test_rows']} test rows")
    print(f"  {path}  (load with datasets.load_dataset('{path}'))")
    return 0
