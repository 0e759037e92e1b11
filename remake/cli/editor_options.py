"""The editor's command-line options (used by the harvest command), validated into an EditorConfig."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from remake.editor.config import LOCAL_ENGINES, EditorConfig
from remake.errors import RemakeError


def add_editor_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("editor (the LLM that rewrites questions)")
    group.add_argument("--editor-model", default=EditorConfig.model,
                       help="an embedded alias is served by llama.cpp (started and stopped by remake); any other name is an OpenAI-compatible API model "
                            f"(e.g. gpt-4o with $OPENAI_API_KEY) (default {EditorConfig.model})")
    group.add_argument("--editor-base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 "
                       "(vLLM, llama.cpp's server, Ollama, LM Studio)")
    group.add_argument("--editor-local-engine", choices=LOCAL_ENGINES, default=EditorConfig.local_engine,
                       help="how an embedded editor runs: llama.cpp's server (default) or transformers in process")
    group.add_argument("--editor-concurrency", type=int, default=EditorConfig.concurrency,
                       help=f"questions rewritten at once (default {EditorConfig.concurrency})")
    group.add_argument("--editor-iterations", type=int, default=EditorConfig.max_iterations,
                       help="TextGrad steps per question at most; stops early once the teacher answers correctly "
                            f"(default {EditorConfig.max_iterations}, the paper's)")
    group.add_argument("--max-editor-calls", type=int, help="stop the symbolic phase after this many editor requests")
    group.add_argument("--max-editor-tokens", type=int, help="stop the symbolic phase after this many tokens (in + out)")
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the editor's call cache")
    group.add_argument("--editor-prices", type=Path, metavar="FILE.json",
                       help='prices for cost accounting: {"MODEL": [USD per 1M input, USD per 1M output]}')


def editor_config_from_args(args: argparse.Namespace) -> EditorConfig:
    return EditorConfig(model=args.editor_model, base_url=args.editor_base_url,
                        local_engine=getattr(args, "editor_local_engine", EditorConfig.local_engine),
                        concurrency=args.editor_concurrency, max_calls=args.max_editor_calls,
                        max_iterations=getattr(args, "editor_iterations", EditorConfig.max_iterations),
                        max_tokens=args.max_editor_tokens, use_cache=not args.no_cache,
                        prices=load_prices(args.editor_prices) if args.editor_prices else None)


def load_prices(path: Path) -> dict[str, tuple[float, float]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RemakeError(f"--editor-prices {path}: cannot read it ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise RemakeError(f"--editor-prices {path}: not valid JSON (line {exc.lineno}): fix the file") from None
    shape = 'write {"MODEL": [USD per 1M input tokens, USD per 1M output tokens]}'
    if not isinstance(raw, dict):
        raise RemakeError(f"--editor-prices {path}: {shape}")
    prices: dict[str, tuple[float, float]] = {}
    for model, pair in raw.items():
        if (not isinstance(pair, list) or len(pair) != 2
                or not all(isinstance(p, (int, float)) and not isinstance(p, bool) and p >= 0 for p in pair)):
            raise RemakeError(f"--editor-prices {path}: bad entry for '{model}': {shape}")
        prices[model] = (float(pair[0]), float(pair[1]))
    return prices
