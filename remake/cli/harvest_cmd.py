"""`remake RECIPE --teacher-model M ...`: run (or `--resume`) an NS-LoRA harvest and release its data."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import shlex
import sys
from pathlib import Path
from typing import Any

from remake.cli.common import add_data_options, recipe_from_args
from remake.cli.editor_options import add_editor_options, editor_config_from_args
from remake.cli.filter_options import add_filter_options, filter_config_from_args
from remake.criteria import CRITERIA
from remake.errors import RemakeError
from remake.files import read_json
from remake.rundir import RunDir, open_run

# `--demo`: the README's main job: a whole harvest on the embedded models in a few minutes on 2 CPU cores
# (one editor iteration: each costs ~90 s with the embedded Qwen editor on 2 cores)
DEMO = {"limit": 32, "epochs": 2, "eval_size": 8, "max_new_tokens": 48, "max_length": 96, "p": 0.03,
        "saturation_tol": 0.2, "editor_iterations": 1, "max_editor_calls": 8, "lr": 1e-4}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("recipe", nargs="?", help="recipe name or path (see `remake recipes`)")
    parser.add_argument("--resume", type=Path, metavar="RUN_DIR", help="continue an interrupted harvest")
    parser.add_argument("--teacher-model", default=None,
                        help="model trained with LoRA (default: llama3.1-8b on a GPU, smollm2-135m on CPU)")
    parser.add_argument("--criterion", choices=CRITERIA, default="loss-ratio")
    parser.add_argument("--epochs", type=int, default=10, help="at most this many epochs (paper: <= 10)")
    parser.add_argument("--limit", type=int, help="use the first N training rows")
    parser.add_argument("--k", type=float, default=0.05, help="loss-ratio threshold: |ratio| <= k is a candidate")
    parser.add_argument("--p", type=float, default=0.1, help="fraction of the wrong samples sent to the editor")
    parser.add_argument("--symbolic-every", type=int, default=1, help="symbolic phase at most every N epochs")
    parser.add_argument("--warmup-epochs", type=int, default=1, help="numerical epochs before any symbolic phase")
    parser.add_argument("--saturation-tol", type=float, default=0.05,
                        help="saturated when the mean loss improves by less than this fraction")
    parser.add_argument("--max-scan-fraction", type=float, default=0.25,
                        help="at most this share of the training set is generated when scanning candidates")
    parser.add_argument("--eval-size", type=int, default=32, help="held-out test items scored each epoch")
    parser.add_argument("--lr", type=float, default=5e-6)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--lora-r", type=int, default=16)
    parser.add_argument("--lora-alpha", type=int, default=32)
    parser.add_argument("--lora-dropout", type=float, default=0.05)
    parser.add_argument("--target-modules", default="all-linear", help="comma list of module names, or all-linear")
    parser.add_argument("--max-length", type=int, help="training sequence length (default: the recipe's)")
    parser.add_argument("--max-new-tokens", type=int, help="generation length (default: the recipe's)")
    parser.add_argument("--update-system-prompt", action="store_true",
                        help="rewrite the system prompt from the editor's feedback after each symbolic phase")
    parser.add_argument("--reward-model", help="classifier folder for --criterion reward (`remake reward train`)")
    parser.add_argument("--run-dir", type=Path, help="default: runs/<recipe>-<UTC time>")
    parser.add_argument("--out", type=Path, default=Path("out"), help="where releases are written")
    parser.add_argument("--no-release", action="store_true", help="do not write a dataset release at the end")
    parser.add_argument("--device", help="cpu, cuda, cuda:1 … (default: automatic)")
    parser.add_argument("--load-in-4bit", action="store_true", help="QLoRA: 4-bit base weights (CUDA)")
    parser.add_argument("--generate-base-url", help="OpenAI-compatible server for candidate scans, held-out "
                        "scoring and solver calls, e.g. vLLM at http://127.0.0.1:8000/v1 (default: in process)")
    parser.add_argument("--demo", action="store_true", help="small, fast settings for a CPU demo: " +
                        ", ".join(f"{k}={v}" for k, v in DEMO.items()))
    add_data_options(parser)
    add_editor_options(parser)
    add_filter_options(parser)


def run(args: argparse.Namespace) -> int:
    from remake import distributed
    from remake.pipeline import build_harvest  # heavy imports only once the command line is valid

    ranks = distributed.ranks_from_env()
    distributed.setup(ranks)
    if not ranks.main:  # under accelerate launch: train shards only; rank 0 owns the run directory
        return _follow(args)
    options, run = _options_and_run_dir(args)
    harvest, editor = build_harvest(options, run, _command_line(options))
    if ranks.world > 1:
        distributed.broadcast(str(run.root))
    try:
        finished = harvest.run_all()
        usage = editor.usage() if editor else {}
        if harvest.symbolic is not None:
            usage["filter_models"] = harvest.symbolic.filters.model_usage()
    finally:
        if editor:
            editor.close()
    if not finished:
        return 130
    harvest.finish(usage)
    print(f"run directory: {run.root}")
    if not options.no_release:
        from remake.release import release_run

        release = release_run(run.root, options.out)
        print(f"release: {release}  (load with datasets.load_dataset('{release}'))")
    return 0


def _follow(args: argparse.Namespace) -> int:
    """A rank other than 0 under accelerate launch: train the shards of the run rank 0 created."""
    from remake import distributed
    from remake.pipeline import build_follower

    run = open_run(Path(distributed.broadcast(None)))
    options = argparse.Namespace(**read_json(run.config)["options"])
    return 0 if distributed.follow(build_follower(options, run), run.state, options.epochs) else 130


def _options_and_run_dir(args: argparse.Namespace) -> tuple[argparse.Namespace, RunDir]:
    """Fresh run: validate options and create the run directory. Resume: the stored options win."""
    if args.resume:
        run = open_run(args.resume)
        stored = read_json(run.config)["options"]
        return argparse.Namespace(**{**stored, "resume": str(args.resume)}), run
    if not args.recipe:
        raise RemakeError("give a recipe (see `remake recipes`), or --resume RUN_DIR")
    if args.demo:
        for key, value in DEMO.items():
            if getattr(args, key, None) in (None, _default(key)):
                setattr(args, key, value)
    _validate(args)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    run = RunDir(args.run_dir or Path("runs") / f"{Path(args.recipe).stem}-{stamp}")
    if run.config.is_file():
        raise RemakeError(f"{run.root} already holds a run: resume it with --resume {run.root} or pick another --run-dir")
    run.root.mkdir(parents=True, exist_ok=True)
    return args, run


@functools.cache
def _defaults() -> dict[str, Any]:
    parser = argparse.ArgumentParser()
    configure(parser)
    return vars(parser.parse_args([]))


def _default(key: str) -> Any:
    return _defaults().get(key)


def _validate(args: argparse.Namespace) -> None:
    checks = [(args.epochs >= 1, "--epochs must be >= 1"), (0 < args.p <= 1, "--p must be in (0, 1]"),
              (args.k >= 0, "--k must be >= 0"), (args.symbolic_every >= 1, "--symbolic-every must be >= 1"),
              (args.warmup_epochs >= 0, "--warmup-epochs must be >= 0"), (args.lr > 0, "--lr must be > 0"),
              (args.batch_size >= 1, "--batch-size must be >= 1"), (args.eval_size >= 0, "--eval-size must be >= 0"),
              (0 < args.max_scan_fraction <= 1, "--max-scan-fraction must be in (0, 1]"),
              (args.limit is None or args.limit >= 1, "--limit must be >= 1"),
              (args.criterion != "reward" or args.reward_model, "--criterion reward needs --reward-model DIR")]
    for ok, message in checks:
        if not ok:
            raise RemakeError(message)
    recipe_from_args(args)  # fails early on a bad recipe or field mapping
    editor_config_from_args(args)
    filter_config_from_args(args)


def _command_line(options: argparse.Namespace) -> str:
    return "remake " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else "remake"
