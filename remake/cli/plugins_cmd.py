"""`remake plugins`: what can be chosen by name, built in or added by a plug-in module
($REMAKE_PLUGINS or a package's `remake.plugins` entry point)."""

from __future__ import annotations

import argparse

import remake

FLAGS = {"backends": "--editor-backend", "criteria": "--criterion", "filters": "(all run, in this order)",
         "trackers": "--report-to", "answer formats": "a recipe's answer.extractor"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = ("list the registered plug-ins; add your own with remake.register_* in a module named "
                          "in $REMAKE_PLUGINS")


def run(args: argparse.Namespace) -> int:
    for kind, names in remake.plugins().items():
        print(f"{kind:<15} {FLAGS[kind]:<28} {', '.join(names)}")
    return 0
