"""Editor concurrency: 8 question rewrites with --editor-concurrency 4 versus 1, against
(a) llama.cpp's OpenAI-compatible server with the embedded SmolLM2 (started here), and
(b) a latency-bound OpenAI-compatible server on localhost that answers after a fixed delay (what a
    hosted API or a batching server such as vLLM looks like from the client).
The teacher always answers wrongly, so every job runs the same number of TextGrad steps and the
figures measure the editor alone. The cache is off. Writes benchmarks/results/editor.json.

    python benchmarks/bench_editor.py [--delay 0.25] [--max-new-tokens 16] [--skip-llama]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))  # the OpenAI-protocol test server lives with the tests

from chat_server import ChatServer  # noqa: E402

from remake.data.recipe import load_recipe  # noqa: E402
from remake.data.samples import Sample  # noqa: E402
from remake.editor import Editor, EditorConfig, RewriteJob  # noqa: E402
from remake.files import write_json  # noqa: E402
from remake.llm.llama_server import LlamaServer, ServerConfig  # noqa: E402
from remake.models.registry import gguf_path  # noqa: E402

RECIPE = load_recipe("gsm-symbolic")
JOBS = 8


def jobs() -> list[RewriteJob]:
    out = []
    for index in range(JOBS):
        question = f"A shop sells {index + 2} pens a day for {index + 5} days. How many pens does it sell?"
        final = str((index + 2) * (index + 5))
        sample = Sample(id=f"bench-{index}", system=RECIPE.prompt.system, question=question,
                        answer=f"{index + 2} * {index + 5} = {final}\n#### {final}", final=final)
        out.append(RewriteJob(sample=sample, question=question, teacher_answer="The answer is 1."))
    return out


def wrong_teacher(sample: Sample, question: str) -> tuple[str, bool]:
    return "The answer is 1.", False


def timed(config: EditorConfig) -> dict:
    with Editor(config, RECIPE) as editor:
        editor.preflight()
        start = time.perf_counter()
        attempts = editor.rewrite_many(jobs(), wrong_teacher, progress=False)
        wall = time.perf_counter() - start
        usage = editor.usage()
    return {"wall_s": round(wall, 2), "calls": usage["calls"], "tokens_in": usage["tokens_in"],
            "tokens_out": usage["tokens_out"], "statuses": usage["statuses"], "failures": usage["failures"],
            "rewrites": sum(a.rewrite is not None for a in attempts)}


def compare(base: EditorConfig) -> dict:
    serial = timed(replace(base, concurrency=1))
    parallel = timed(replace(base, concurrency=4))
    return {"concurrency_1": serial, "concurrency_4": parallel,
            "speedup": round(serial["wall_s"] / parallel["wall_s"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delay", type=float, default=0.25, help="seconds the latency-bound server waits per reply")
    parser.add_argument("--max-new-tokens", type=int, default=16)
    parser.add_argument("--n-threads", type=int, default=1, help="llama.cpp threads (1 is fastest on a busy 2-core box)")
    parser.add_argument("--skip-llama", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "editor.json")
    args = parser.parse_args()
    common = dict(max_iterations=1, max_new_tokens=args.max_new_tokens, use_cache=False, timeout_s=1800, retries=0)
    result: dict = {"jobs": JOBS, "max_iterations": 1, "max_new_tokens": args.max_new_tokens,
                    "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                                "load_avg_before": [round(x, 2) for x in os.getloadavg()]}}

    with ChatServer(delay_s=args.delay) as stub:
        result["latency_server"] = {"delay_s": args.delay, **compare(
            EditorConfig(model="stub-editor", base_url=stub.base_url, **common))}
    print("latency-bound server:", result["latency_server"]["speedup"], "x", flush=True)

    if not args.skip_llama:
        config = ServerConfig(gguf=gguf_path("smollm2-135m"), port=0, n_ctx=2048, n_threads=args.n_threads,
                              model_alias="smollm2-135m")
        with LlamaServer(config) as server:
            result["llama_cpp_server"] = {"model": "smollm2-135m (Q4_1 GGUF)", "n_threads": args.n_threads, **compare(
                EditorConfig(model="smollm2-135m", base_url=server.base_url, **common))}
        result["llama_cpp_server"]["note"] = (
            "llama-cpp-python's server decodes one request at a time (one model behind a lock), so client "
            "concurrency overlaps only HTTP and Python overhead; on a shared 2-core machine the ratio mostly "
            "reflects load changes between the two runs (see machine.load_avg_*). A large speed-up needs a "
            "server that batches (vLLM, llama.cpp's llama-server --parallel) or a hosted API")
        print("llama.cpp server:", result["llama_cpp_server"]["speedup"], "x", flush=True)
    result["machine"]["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    write_json(args.out, result)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
