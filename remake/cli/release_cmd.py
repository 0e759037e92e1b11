"""`remake release RUN_DIR`: write a versioned dataset release of a harvest's run directory; the flags
are ReleaseConfig's."""

from __future__ import annotations

import argparse
from pathlib import Path

import remake
from remake.cli.arguments import add_config_arguments, given
from remake.options import from_dict


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", type=Path, help="a harvest's run directory")
    parser.add_argument("--out", type=Path, default=Path("out"),
                        help="where releases are written: OUT/<name>/<version> (default: out)")
    add_config_arguments(parser, remake.ReleaseConfig)


def run(args: argparse.Namespace) -> int:
    options = from_dict(remake.ReleaseConfig, given(args, remake.ReleaseConfig), "options")
    print("\n".join(remake.make_release(args.run_dir, args.out, options).lines()))
    return 0
