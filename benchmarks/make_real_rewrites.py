"""Real editor rewrites for the filter benchmark: the offline editor (qwen2.5-coder-1.5b behind llama.cpp,
TextGrad as a harvest runs it) rewrites gsm-symbolic training questions the teacher (smollm2-135m) gets
wrong; every changed rewrite is appended, unlabelled, to `--out` (one JSON row per rewrite, with the
editor's settings). Rows are then labelled by hand (`faithful`, `change`: the kind of change, `why`: which
condition, number, relation or asked quantity changed) into benchmarks/data/real_rewrites.jsonl, the
filter benchmark's test of record; labels never come from a filter's verdict.

Resumable: questions already in `--out` for the same settings are skipped. Varied settings give varied
rewrites (temperature > 0 samples; more iterations rewrite the rewrite), and `--resample T1,T2` sends the
editor's last TextGrad update request (the same prompt: question, feedback, constraints) again at each
temperature, one more real rewrite per call instead of per four:

    python benchmarks/make_real_rewrites.py --start 100 --count 40 --temperature 0.7 --iterations 1
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remake.data.recipe import load_recipe  # noqa: E402
from remake.data.samples import load_samples, raw_question  # noqa: E402
from remake.editor import Editor, EditorConfig, RewriteJob  # noqa: E402
from remake.files import append_jsonl, iter_jsonl  # noqa: E402
from remake.harvest.teacher import Teacher  # noqa: E402
from remake.llm.registry import make_backend  # noqa: E402
from remake.llm.types import CallError  # noqa: E402
from remake.models.registry import load_model  # noqa: E402

OUT = ROOT / "benchmarks" / "data" / "real_rewrites_unlabelled.jsonl"
IMPROVED = re.compile(r"<IMPROVED_VARIABLE>(.*?)</IMPROVED_VARIABLE>", re.S)


class UpdateRecorder:
    """The editor's backend, remembering the last TextGrad update request (the one that asks for an
    <IMPROVED_VARIABLE> block) so that it can be sent again at other temperatures."""

    def __init__(self, backend):
        self.backend = backend
        self.model, self.endpoint, self.sampling = backend.model, backend.endpoint, backend.sampling
        self.last_update: tuple[str, str] | None = None
        self._lock = threading.Lock()

    def complete(self, system, prompt, top_logprobs=0):
        if "<IMPROVED_VARIABLE>" in system:
            with self._lock:
                self.last_update = (system, prompt)
        return self.backend.complete(system, prompt, top_logprobs)

    def check(self):
        self.backend.check()

    def close(self):
        self.backend.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=100, help="first training row")
    parser.add_argument("--count", type=int, default=40, help="training rows the teacher answers")
    parser.add_argument("--temperature", type=float, default=0.0)
    parser.add_argument("--iterations", type=int, default=1)
    parser.add_argument("--editor-tokens", type=int, default=256)
    parser.add_argument("--teacher-tokens", type=int, default=96)
    parser.add_argument("--batch", type=int, default=2, help="questions sent to the editor at once")
    parser.add_argument("--base-url", help="a server already serving the editor (`remake serve qwen2.5-coder-1.5b`), "
                                           "to share one model between this and other jobs")
    parser.add_argument("--resample", default="", help="comma-separated temperatures to resend the last update at")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    recipe = load_recipe("gsm-symbolic")
    samples = load_samples(recipe, "train")[args.start: args.start + args.count]
    settings = {"editor": "qwen2.5-coder-1.5b", "temperature": args.temperature, "iterations": args.iterations,
                "editor_tokens": args.editor_tokens, "teacher": "smollm2-135m"}
    done = {(row["sample_id"], row["settings"]["temperature"], row["settings"]["iterations"])
            for row in (iter_jsonl(args.out) if args.out.is_file() else [])}
    samples = [s for s in samples if (s.id, args.temperature, args.iterations) not in done]
    model, tokenizer, _ = load_model("smollm2-135m", device="cpu")
    teacher = Teacher(model, tokenizer, recipe, args.teacher_tokens)
    answers = teacher.answer(samples)
    wrong = [(s, out) for s, (out, correct) in zip(samples, answers) if not correct]
    print(f"{len(wrong)} of {len(samples)} answered wrong; rewriting them", flush=True)
    config = EditorConfig(max_iterations=args.iterations, temperature=args.temperature,
                          max_new_tokens=args.editor_tokens, concurrency=args.batch, base_url=args.base_url,
                          timeout_s=1800.0)
    resample = [float(t) for t in args.resample.split(",") if t]
    seen: dict[str, set[str]] = {}  # per question, the texts already recorded (resamples repeat themselves)
    with Editor(config, recipe) as editor:
        recorder = UpdateRecorder(editor.backend)
        editor._runner.backend = recorder  # a benchmark's tap on the one request it resends
        for start in range(0, len(wrong), args.batch):
            chunk = wrong[start: start + args.batch]
            recorder.last_update = None
            began = time.perf_counter()
            jobs = [RewriteJob(sample=s, question=raw_question(recipe, s), teacher_answer=out) for s, out in chunk]
            for (sample, _), attempt in zip(chunk, editor.rewrite_many(jobs, teacher.probe, progress=False)):
                changed = attempt.rewrite and attempt.rewrite.strip() != attempt.original_question.strip()
                if changed:
                    append_jsonl(args.out, {
                        "id": f"{sample.id}-t{args.temperature}-i{args.iterations}", "sample_id": sample.id,
                        "question": attempt.original_question, "rewrite": attempt.rewrite, "answer": sample.final,
                        "solution": sample.answer, "editor_status": attempt.status, "settings": settings})
                print(f"{sample.id}: {attempt.status}{' (changed)' if changed else ''}", flush=True)
                for temperature in resample if recorder.last_update else []:
                    again = make_backend(replace(config, temperature=temperature, timeout_s=1800.0).endpoint())
                    try:
                        reply = again.complete(*recorder.last_update).text
                    except CallError as exc:  # a busy shared server: skip this sample, keep the rest
                        print(f"  resample at {temperature} failed: {exc}", flush=True)
                        continue
                    finally:
                        again.close()
                    found = IMPROVED.search(reply)
                    text = found.group(1).strip() if found else ""
                    if text and text not in seen.setdefault(sample.id, {attempt.original_question.strip(),
                                                                         (attempt.rewrite or "").strip()}):
                        seen[sample.id].add(text)
                        append_jsonl(args.out, {
                            "id": f"{sample.id}-t{args.temperature}-i{args.iterations}-r{temperature}",
                            "sample_id": sample.id, "question": attempt.original_question, "rewrite": text,
                            "answer": sample.final, "solution": sample.answer, "editor_status": "resampled",
                            "settings": settings | {"resampled_at": temperature}})
                    print(f"  resampled at {temperature}: {'changed' if text else 'no rewrite'}", flush=True)
            print(f"  {time.perf_counter() - began:.0f} s for {len(chunk)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
