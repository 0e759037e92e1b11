"""A release's card: its metadata and body, validated by the (fake) Hub's card-validation endpoint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_hub import FakeHub, RedirectTransport
from huggingface_hub import DatasetCard, constants, set_client_factory
from huggingface_hub.utils._http import default_client_factory
from sample_run import write_run

from remake.release.build import release_run
from remake.release.hub_http import httpx


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return release_run(write_run(tmp_path_factory.mktemp("run")).root, tmp_path_factory.mktemp("out"))


@pytest.fixture
def hub_validation(monkeypatch):
    """DatasetCard.validate posts to https://huggingface.co itself: route that to a fake Hub."""
    with FakeHub(token="unused") as hub:
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        set_client_factory(lambda: httpx.Client(transport=RedirectTransport(hub.url), follow_redirects=True))
        yield hub
        set_client_factory(default_client_factory)


def test_card_metadata_body_and_validation(release, hub_validation):
    card = DatasetCard.load(release / "README.md")
    card.validate()
    sent = [json.loads(r["body"]) for r in hub_validation.requests if r["path"] == "/api/validate-yaml"]
    assert sent == [{"repoType": "dataset", "content": str(card)}]
    data = card.data.to_dict()
    assert data["license"] == "apache-2.0" and data["annotations_creators"] == ["machine-generated"]
    assert data["size_categories"] == ["n<1K"] and "ns-lora" in data["tags"]
    assert [f["split"] for f in data["configs"][0]["data_files"]] == ["train", "rewrites", "rejects", "test"]
    text = card.text
    assert text.count("Word-level diff") == 3 and "{+Read carefully.+}" in text
    assert ("remake gsm-symbolic --teacher-model smollm2-135m --size 8 --editor-base-url "
            "http://<redacted>@127.0.0.1:8080/v1") in text
    assert "| leak | 4 | 1 | 0 | 80.0% |" in text and "| invariance | 4 | 0 | 1 | 100.0% |" in text
    assert "arXiv:2601.12711" in text and "Yuksekgonul" in text and "mirzadeh2024gsmsymbolic" in text
    card.data.license = "not-a-licence"
    with pytest.raises(ValueError, match="license"):
        card.validate()
