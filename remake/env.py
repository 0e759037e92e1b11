"""Process environment and on-disk locations shared by every stage."""

from __future__ import annotations

import os
import shlex
import sys
from importlib import metadata
from pathlib import Path


def cache_dir() -> Path:
    """Where remake keeps converted models, editor caches and assembled GGUFs (REMAKE_CACHE overrides)."""
    root = os.environ.get("REMAKE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "remake"
    )
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def prepare_textgrad_env() -> None:
    """textgrad imports litellm, which fetches a cost map from the network and textgrad litters ./logs:
    point both at local, quiet defaults before `import textgrad`."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("TEXTGRAD_LOG_DIR", str(cache_dir() / "textgrad-logs"))


def quiet_libraries() -> None:
    """Silence third-party progress bars and advisory warnings (model loading, GGUF conversion, Hub and
    datasets transfers) so that remake's own progress lines stay readable; `--verbose` keeps them. Must
    run before transformers, huggingface_hub or datasets is imported: they read these once."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")   # also transformers' "Loading weights" bars
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    os.environ.setdefault("DATASETS_VERBOSITY", "error")


def package_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """The installed version of each named distribution (None: not installed), for provenance records."""
    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def command_line() -> str:
    """How this process was started, for a run's provenance: "remake gsm8k --epochs 3" from the command
    line, "python -m remake ..." or a script's name and arguments from the API; no machine path."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    program = "python -m remake" if program == "__main__.py" else program
    return " ".join([program, *(shlex.quote(arg) for arg in sys.argv[1:])])
