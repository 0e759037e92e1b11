"""`remake push OUT/<name>/<version> --repo-id user/name`: publish a release on the Hugging Face Hub."""

from __future__ import annotations

import argparse
from pathlib import Path

import remake


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("release_dir", type=Path, help="a release folder OUT/<name>/<version>")
    parser.add_argument("--repo-id", required=True, help="the dataset repo to push to, user/name or org/name")
    parser.add_argument("--private", action="store_true", help="create the repo as private (if it is new)")


def run(args: argparse.Namespace) -> int:
    url = remake.push(args.release_dir, args.repo_id, private=args.private)
    print(f"pushed {args.release_dir} to {args.repo_id}: {url}")
    return 0
