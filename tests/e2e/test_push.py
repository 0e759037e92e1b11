"""`remake push` end to end against tests/fake_hub.py: huggingface_hub reads HF_ENDPOINT at import, so
each push runs as `python -m remake push` in a subprocess with the fake Hub's URL and offline mode unset."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_hub import FakeHub
from huggingface_hub import DatasetCard
from sample_run import write_run

from remake.release.build import release_run

TOKEN = "hf_faketoken0123456789"
ROOT = Path(__file__).resolve().parents[2]
OLD_CARD = b"---\nlanguage:\n- en\nlicense: mit\ntags:\n- math\nhomepage: https://example.org\n---\n# Old card\n"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("push")
    return release_run(write_run(root / "run").root, root / "out")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def push(release: Path, repo_id: str, home: Path, endpoint: str, token: str | None = TOKEN, *extra: str):
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN")}
    env.update(HF_ENDPOINT=endpoint, HF_HOME=str(home), PYTHONPATH=str(ROOT))
    if token:
        env["HF_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "remake", "push", str(release), "--repo-id", repo_id, *extra],
                          env=env, capture_output=True, text=True, timeout=120)


def commit_files(body: bytes) -> tuple[dict, dict[str, bytes]]:
    lines = [json.loads(line) for line in body.decode().splitlines()]
    files = {line["value"]["path"]: base64.b64decode(line["value"]["content"]) for line in lines[1:]}
    assert all(line["key"] == "file" and line["value"]["encoding"] == "base64" for line in lines[1:])
    return lines[0]["value"], files


def test_push_uploads_every_file_merges_the_card_and_tags(release, tmp_path):
    local = snapshot(release)
    with FakeHub(token=TOKEN) as hub:
        hub.add_repo("tester/gsm-remade", {"README.md": OLD_CARD})
        done = push(release, "tester/gsm-remade", tmp_path, hub.url)
        assert done.returncode == 0, done.stderr
        posts = hub.paths("POST")
        assert posts[:2] == ["/api/repos/create", "/api/validate-yaml"]
        assert posts[2:] == ["/api/datasets/tester/gsm-remade/preupload/main",
                             "/api/datasets/tester/gsm-remade/commit/main",
                             f"/api/datasets/tester/gsm-remade/tag/{hub.repos[('datasets', 'tester/gsm-remade')].head}"]
        writes = [r for r in hub.requests if r["method"] == "POST" and r["path"] != "/api/validate-yaml"]
        assert all(r["authorization"] == f"Bearer {TOKEN}" for r in writes)
        assert json.loads(writes[0]["body"]) == {"name": "gsm-remade", "organization": "tester", "type": "dataset"}
        assert writes[2]["content_type"] == "application/x-ndjson"
        header, files = commit_files(writes[2]["body"])
        preupload = json.loads(writes[1]["body"])["files"]
        assert {f["path"]: f["size"] for f in preupload} == {name: len(data) for name, data in files.items()}
        assert header["summary"] == "remake release gsm-symbolic-remade v1.0.0"
        assert set(files) == set(local)
        for name, data in local.items():  # every file arrived as it is on disk, except the merged card
            if name != "README.md":
                assert files[name] == data, name
        assert json.loads(writes[3]["body"]) == {"tag": "v1.0.0", "message": "gsm-symbolic-remade v1.0.0"}
        repo = hub.repos[("datasets", "tester/gsm-remade")]
        assert repo.tags == {"v1.0.0": repo.head}
        assert done.stdout.strip().endswith(f"{hub.url}/datasets/tester/gsm-remade/commit/{repo.head}")
    card, ours = DatasetCard(files["README.md"].decode()), DatasetCard(local["README.md"].decode())
    merged = card.data.to_dict()
    assert merged["language"] == ["en"] and merged["homepage"] == "https://example.org"  # kept from the Hub
    assert merged["license"] == "apache-2.0" and merged["configs"] == ours.data.to_dict()["configs"]
    assert merged["tags"] == ["math", *ours.data.to_dict()["tags"]]
    assert card.text == ours.text
    assert snapshot(release) == local


def test_push_to_a_new_private_repo_then_again_unchanged(release, tmp_path):
    local = snapshot(release)
    with FakeHub(token=TOKEN) as hub:
        first = push(release, "tester/fresh", tmp_path, hub.url, TOKEN, "--private")
        assert first.returncode == 0, first.stderr
        repo = hub.repos[("datasets", "tester/fresh")]
        assert repo.private and repo.tags == {"v1.0.0": repo.head}
        assert {name: repo.files[name] for name in local} == local  # no card on the Hub: ours as it is
        commits = len(repo.commits)
        again = push(release, "tester/fresh", tmp_path, hub.url)
        assert again.returncode == 0, again.stderr
        assert len(repo.commits) == commits  # every file unchanged: no empty commit, the tag stays
        assert repo.tags == {"v1.0.0": repo.head}


@pytest.mark.parametrize("case", ["no token", "bad token", "unreachable"])
def test_push_failures_are_one_line_and_leave_the_release(release, tmp_path, case):
    local = snapshot(release)
    with FakeHub(token=TOKEN) as hub:
        endpoint = "http://127.0.0.1:9" if case == "unreachable" else hub.url
        token = {"no token": None, "bad token": "hf_wrongtoken000000"}.get(case, TOKEN)
        done = push(release, "tester/x", tmp_path, endpoint, token)
        if case != "unreachable":
            assert hub.repos == {}
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    expected = {"no token": "no Hugging Face token", "bad token": "HTTP 401", "unreachable": "cannot reach the Hub"}
    assert expected[case] in lines[0] and f"{release} is unchanged" in lines[0]
    assert snapshot(release) == local


def tampered(release: Path, root: Path, how: str) -> Path:
    """A copy of `release` with one released file changed the way a user or a disk might."""
    import shutil

    copy = root / how / release.parent.name / release.name
    shutil.copytree(release, copy)
    data = copy / "data" / "train-00000-of-00001.parquet"
    if how == "edited":
        raw = bytearray(data.read_bytes())
        raw[len(raw) // 2] ^= 0xFF
        data.write_bytes(bytes(raw))
    elif how == "truncated":
        data.write_bytes(data.read_bytes()[:100])
    elif how == "deleted":
        data.unlink()
    else:  # the manifest itself: a count changed by hand
        manifest = json.loads((copy / "remake.json").read_text(encoding="utf-8"))
        manifest["counts"]["accepted"] += 1
        (copy / "remake.json").write_text(json.dumps(manifest), encoding="utf-8")
    return copy


@pytest.mark.parametrize("how", ["edited", "truncated", "deleted", "manifest"])
def test_a_tampered_release_is_never_pushed_re_released_or_reported(release, tmp_path, how):
    copy = tampered(release, tmp_path, how)
    with FakeHub(token=TOKEN) as hub:
        done = push(copy, "tester/gsm-remade", tmp_path / "home", hub.url)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert not [path for path in hub.paths("POST") if "commit" in path]  # nothing uploaded
    message = done.stderr.strip()
    assert len(message.splitlines()) == 1 and "remake release RUN_DIR" in message
    assert ("remake.json was edited" if how == "manifest" else
            "is missing" if how == "deleted" else "was changed after the release") in message
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for argv in (["report", str(copy), "--out", str(tmp_path / "r.html")],
                 ["release", str(release.parent.parent.parent / "run"), "--out", str(copy.parent.parent)]):
        again = subprocess.run([sys.executable, "-m", "remake", *argv], env=env, capture_output=True, text=True)
        assert again.returncode == 2 and len(again.stderr.strip().splitlines()) == 1, (argv, again.stderr)
        assert str(copy) in again.stderr
    assert not (tmp_path / "r.html").exists()
