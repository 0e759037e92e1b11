"""`remake reward train RUN_DIR... --out DIR` and `remake reward eval --model DIR RUN_DIR`: the reward
classifier that routes samples for `--criterion reward` (see remake.reward.model and remake.reward.pairs)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import remake
from remake.errors import RemakeError


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="{train,eval}")
    train = actions.add_parser("train", help="train a classifier from harvest run directories")
    # nargs="*": an empty list is reported by remake as one line rather than by argparse's usage block
    train.add_argument("run_dirs", nargs="*", metavar="RUN_DIR", help="harvest run directories (criteria.jsonl)")
    train.add_argument("--out", type=Path, help="folder to write the model to")
    train.add_argument("--model", default=None,
                       help="frozen encoder: sentence-transformers id, HF model id or local folder "
                            "(default: the embedded all-MiniLM-L6-v2)")
    train.add_argument("--hidden", type=int, default=0, help="hidden units of the head (0: linear head)")
    train.add_argument("--epochs", type=int, default=200, help="passes over the training pairs")
    train.add_argument("--lr", type=float, default=1e-2)
    train.add_argument("--val-fraction", type=float, default=0.2, help="share of questions held out for validation")
    _pair_options(train)
    train.add_argument("--seed", type=int, default=0)
    evaluate = actions.add_parser("eval", help="pair accuracy and agreement with C1's routing on a run")
    evaluate.add_argument("run_dir", nargs="?", metavar="RUN_DIR", help="a harvest run directory")
    evaluate.add_argument("--model", type=Path, help="a folder written by `remake reward train`")
    evaluate.add_argument("--p", type=float, default=0.1, help="fraction routed to the symbolic phase")
    evaluate.add_argument("--margin", type=float, default=None, help="near-tie margin (default: the model's)")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")


def _pair_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--margin", type=float, default=remake.PairSettings.margin,
                        help="skip pairs whose |loss ratio| differ by at most this (near-ties)")
    parser.add_argument("--no-accepted-first", dest="accepted_first", action="store_false",
                        help="rank by |loss ratio| only, not accepted rewrites first")
    parser.add_argument("--max-pairs-per-epoch", type=int, default=remake.PairSettings.max_pairs_per_epoch)


def run(args: argparse.Namespace) -> int:
    if args.action == "train":
        return _train(args)
    if args.action == "eval":
        return _eval(args)
    raise RemakeError("say what to do: `remake reward train RUN_DIR... --out DIR` or "
                      "`remake reward eval --model DIR RUN_DIR`")


def _train(args: argparse.Namespace) -> int:
    if not args.run_dirs:
        raise RemakeError("no run directories given: `remake reward train RUN_DIR... --out DIR`")
    if args.out is None:
        raise RemakeError("no output folder: add --out DIR")
    settings = remake.TrainSettings(encoder=args.model or remake.EMBEDDED_ENCODER, hidden=args.hidden,
                                    epochs=args.epochs, lr=args.lr, val_fraction=args.val_fraction, seed=args.seed)
    pairs = remake.PairSettings(margin=args.margin, accepted_first=args.accepted_first,
                                max_pairs_per_epoch=args.max_pairs_per_epoch, seed=args.seed)
    print("\n".join(remake.train_reward(args.run_dirs, args.out, settings, pairs).lines()))
    return 0


def _eval(args: argparse.Namespace) -> int:
    if args.model is None or args.run_dir is None:
        raise RemakeError("give a model and a run: `remake reward eval --model DIR RUN_DIR`")
    result = remake.evaluate_reward(args.model, args.run_dir, args.p, args.margin)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
        return 0
    accuracy = result["pair_accuracy"]
    shown = f"{accuracy:.3f}" if accuracy is not None else "n/a (no pairs of unseen questions)"
    print(f"held-out pairs: {result['heldout_pairs']} ({result['unseen_questions']} of {result['questions']} "
          f"questions unseen in training); pair accuracy {shown} (chance 0.5)")
    print(f"top-{args.p:g} routing agreement with C1: {result['agreement']:.3f} over {result['stages']} epochs "
          f"(chance about {args.p:g})")
    return 0
