"""`remake transfer RELEASE_DIR|HUB_ID --student-model NAME`: fine-tune a student on a release's remade
data and on the original data, evaluate both and the pre-trained student, report with 95% CIs. The flags
are TransferConfig's."""

from __future__ import annotations

import argparse
from pathlib import Path

from remake.cli.arguments import add_config_arguments, given
from remake.options import from_dict
from remake.transfer.config import TransferConfig


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("release", help="a release folder OUT/<name>/<version>, or a Hub dataset id owner/name")
    add_config_arguments(parser, TransferConfig)


def run(args: argparse.Namespace) -> int:
    import remake
    from remake.transfer.report import SECTION_TITLE

    report, out = remake.transfer(args.release, from_dict(TransferConfig, given(args, TransferConfig), "options"))
    print(f"{'arm':<26}{'accuracy %':>11}  95% CI")
    for arm in report["arms"].values():
        print(f"{arm['label']:<26}{arm['accuracy']:>11.2f}  [{arm['ci_low']:.2f}, {arm['ci_high']:.2f}]")
    headline = report["differences"]["remade-baseline"]
    print(f"remade − baseline: {headline['delta']:+.2f} points, 95% CI "
          f"[{headline['ci_low']:+.2f}, {headline['ci_high']:+.2f}]")
    print(f"report: {out / 'report.md'}  chart: {out / 'chart.png'}  html: {out / 'report.html'}")
    if (Path(args.release).expanduser() / "README.md").is_file():
        print(f"card: section '{SECTION_TITLE}' in {Path(args.release) / 'README.md'}")
    return 0
