"""`remake release RUN_DIR`: write a versioned dataset release of a harvest's run directory; the flags
are ReleaseConfig's."""

from __future__ import annotations

import argparse
from pathlib import Path

from remake.cli.arguments import add_config_arguments, given
from remake.options import from_dict
from remake.release.build import read_manifest
from remake.release.config import ReleaseConfig


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", type=Path, help="a harvest's run directory")
    parser.add_argument("--out", type=Path, default=Path("out"),
                        help="where releases are written: OUT/<name>/<version> (default: out)")
    add_config_arguments(parser, ReleaseConfig)


def run(args: argparse.Namespace) -> int:
    import remake

    path = remake.release(args.run_dir, args.out, from_dict(ReleaseConfig, given(args, ReleaseConfig), "options"))
    manifest = read_manifest(path)
    counts = manifest["counts"]
    print(f"release {manifest['name']} {manifest['version']} ({manifest['content_hash']})")
    print(f"  {counts['remade']} of {counts['source_rows']} training rows remade ({manifest['mix']}), "
          f"{counts['rejects_rows']} rejects, {counts['test_rows']} test rows")
    print(f"  {path}  (load with datasets.load_dataset('{path}'))")
    return 0
