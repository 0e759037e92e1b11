"""`remake transfer RELEASE_DIR|HUB_ID --student-model NAME`: fine-tune a student on a release's remade
data and on the original data, evaluate both and the pre-trained student, report with 95% CIs. The flags
are TransferConfig's."""

from __future__ import annotations

import argparse

import remake
from remake.cli.arguments import add_config_arguments, add_config_file, file_values, given, merged
from remake.options import from_dict


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("release", help="a release folder OUT/<name>/<version>, or a Hub dataset id owner/name")
    add_config_file(parser)
    add_config_arguments(parser, remake.TransferConfig)


def run(args: argparse.Namespace) -> int:
    values = merged(file_values(args.config), given(args, remake.TransferConfig))
    config = from_dict(remake.TransferConfig, values, "options")
    print("\n".join(remake.run_transfer(args.release, config).lines()))
    return 0
