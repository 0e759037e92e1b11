"""`remake transfer RELEASE_DIR|HUB_ID --student-model NAME`: fine-tune a student on a release's remade
data and on the original data, evaluate both and the pre-trained student, report with 95% CIs."""

from __future__ import annotations

import argparse
from pathlib import Path

from remake.training import LoraSettings
from remake.transfer import TransferSettings, run_transfer
from remake.transfer_report import SECTION_TITLE


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("release", help="a release folder OUT/<name>/<version>, or a Hub dataset id owner/name")
    parser.add_argument("--student-model", required=True,
                        help="the backbone to fine-tune: alias (e.g. qwen2.5-7b), Hub id or local path")
    parser.add_argument("--baseline", default="original", choices=["original"],
                        help="what the baseline arm trains on: the same rows with their original questions")
    parser.add_argument("--epochs", type=int, default=5, help="LoRA epochs per arm (default: 5, as the paper)")
    parser.add_argument("--lr", type=float, default=LoraSettings.lr,
                        help=f"learning rate (default: {LoraSettings.lr:g}, as the paper)")
    parser.add_argument("--batch-size", type=int, default=LoraSettings.batch_size,
                        help=f"training batch size (default: {LoraSettings.batch_size})")
    parser.add_argument("--lora-r", type=int, default=LoraSettings.r,
                        help=f"LoRA rank; alpha is twice it (default: {LoraSettings.r})")
    parser.add_argument("--max-length", type=int, help="training sequence length (default: the recipe's)")
    parser.add_argument("--max-new-tokens", type=int, help="generation limit at evaluation (default: the recipe's)")
    parser.add_argument("--limit-train", type=int, help="train on the first N rows only")
    parser.add_argument("--limit-test", type=int, help="evaluate on the first N test items only")
    parser.add_argument("--seed", type=int, default=0, help="seed of LoRA initialisation, batch plan and bootstrap")
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples for the 95%% CIs")
    parser.add_argument("--out", type=Path,
                        help="output folder (default: <release>/../transfer-<version>-<student>)")
    parser.add_argument("--revision", help="Hub revision or version tag (Hub ids only)")
    parser.add_argument("--device", help="cpu, cuda, cuda:1 … (default: automatic)")
    parser.add_argument("--load-in-4bit", action="store_true", help="QLoRA-style 4-bit base weights (CUDA only)")


def run(args: argparse.Namespace) -> int:
    settings = TransferSettings(
        student=args.student_model, epochs=args.epochs, lr=args.lr, batch_size=args.batch_size,
        lora_r=args.lora_r, max_length=args.max_length, max_new_tokens=args.max_new_tokens,
        limit_train=args.limit_train, limit_test=args.limit_test, seed=args.seed, baseline=args.baseline,
        resamples=args.resamples,
    )
    report, out = run_transfer(args.release, settings, args.out, revision=args.revision, device=args.device,
                               load_in_4bit=args.load_in_4bit)
    print(f"{'arm':<26}{'accuracy %':>11}  95% CI")
    for arm in report["arms"].values():
        print(f"{arm['label']:<26}{arm['accuracy']:>11.2f}  [{arm['ci_low']:.2f}, {arm['ci_high']:.2f}]")
    headline = report["differences"]["remade-baseline"]
    print(f"remade − baseline: {headline['delta']:+.2f} points, 95% CI "
          f"[{headline['ci_low']:+.2f}, {headline['ci_high']:+.2f}]")
    print(f"report: {out / 'report.md'}  chart: {out / 'chart.png'}")
    if (Path(args.release).expanduser() / "README.md").is_file():
        print(f"card: section '{SECTION_TITLE}' in {Path(args.release) / 'README.md'}")
    return 0
