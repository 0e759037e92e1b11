"""`remake report TARGET [--out report.html]`: one self-contained HTML page of a run directory, a release
or a transfer folder (written by every harvest and transfer on its own, too)."""

from __future__ import annotations

import argparse
from pathlib import Path

import remake
from remake.errors import RemakeError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", type=Path, help="a run directory, a release folder or a transfer folder")
    parser.add_argument("--out", type=Path, help="the HTML file to write (default: TARGET/report.html; next to a "
                                                 "release, RELEASE-report.html, so that the release stays as pushed)")


def run(args: argparse.Namespace) -> int:
    if not args.target.is_dir():
        raise RemakeError(f"{args.target} is not a folder: give a run directory, a release or a transfer folder")
    print(f"report: {remake.write_report(args.target, args.out)}")
    return 0
