"""The `remake` command. The first word is a recipe (run a harvest) or one of the subcommands; each
subcommand lives in its own module here with `configure(parser)` and `run(args) -> int`."""

from __future__ import annotations

import argparse
import errno
import importlib
import sys
import warnings

import remake
from remake.env import quiet_libraries
from remake.errors import RemakeError
from remake.secrets import scrub_text

SUBCOMMANDS = {
    "recipes": "list the dataset recipes",
    "eval": "evaluate a model (optionally with a LoRA adapter) on a recipe split",
    "score": "score predictions made by any tool (lm-eval's strict/flexible, and math-verify)",
    "filter": "re-filter a harvest's rewrites, or check a file of rewrite pairs",
    "release": "write a versioned dataset release from a run directory",
    "push": "push a release to the Hugging Face Hub",
    "transfer": "fine-tune a student on a release and on the original data, and compare",
    "reward": "train or evaluate the reward classifier that routes samples",
    "report": "write the HTML report of a run, a release or a transfer",
    "serve": "serve an embedded model over an OpenAI-compatible HTTP API (llama.cpp)",
    "plugins": "list the model backends, criteria, filters and trackers that can be chosen",
}


def _usage() -> str:
    lines = ["usage: remake RECIPE [options]       run an NS-LoRA harvest on a recipe (see `remake recipes`)",
             "       remake SUBCOMMAND [options]", "", "subcommands:"]
    lines += [f"  {name:<10} {text}" for name, text in SUBCOMMANDS.items()]
    lines += ["", "`remake RECIPE --help` or `remake SUBCOMMAND --help` for options; `--verbose` (anywhere) keeps",
              "third-party progress bars and warnings, which are silenced otherwise."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--verbose" in args:
        args = [arg for arg in args if arg != "--verbose"]
    else:
        quiet_libraries()
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else 2
    name = args[0] if args[0] in SUBCOMMANDS else "harvest"
    rest = args[1:] if name != "harvest" else args
    # library deprecation notices (peft/transformers internals) are not actionable for remake's users
    warnings.filterwarnings("ignore", category=FutureWarning)
    module = importlib.import_module(f"remake.cli.{name}_cmd")
    try:
        remake.load_plugins()  # before the flags are built: a plug-in's name is then one of their choices
    except RemakeError as exc:
        print(f"remake: error: {scrub_text(str(exc))}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog=f"remake {args[0]}" if name != "harvest" else "remake",
                                     description=SUBCOMMANDS.get(name, "run an NS-LoRA harvest"))
    module.configure(parser)
    options = parser.parse_args(rest)
    try:
        return int(module.run(options) or 0)
    except RemakeError as exc:
        print(f"remake: error: {scrub_text(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("remake: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno not in MACHINE_ERRORS:
            raise
        print(f"remake: error: {scrub_text(_machine_error(exc))}", file=sys.stderr)
        return 2


# what the machine, not remake, refused: one line with the fix, not a traceback
MACHINE_ERRORS = {errno.ENOSPC: "free some space", errno.EDQUOT: "free some space (disk quota)",
                  errno.EROFS: "write to a writable place", errno.EACCES: "check its permissions",
                  errno.EPERM: "check its permissions"}


def _machine_error(exc: OSError) -> str:
    """Outputs are written atomically and runs checkpoint at each epoch, so nothing finished is lost."""
    where = f" ({exc.filename})" if exc.filename else ""
    return (f"{exc.strerror}{where}: {MACHINE_ERRORS[exc.errno]}, then run the command again "
            "(a harvest continues with `remake --resume RUN_DIR`)")


if __name__ == "__main__":
    sys.exit(main())
