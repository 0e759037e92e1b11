"""Shared test set-up: offline, a private HF_HOME, and the embedded models on CPU."""

from __future__ import annotations

import os
import tempfile

os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="remake-hf-")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("TEXTGRAD_LOG_DIR", tempfile.mkdtemp(prefix="remake-tg-"))


# the lane of a test is its folder: unit (no model, no server, no browser), models (real models or local
# servers in this process), e2e (whole commands: harvests, subprocesses, the Hub's protocol, a browser)
LANES = ("unit", "models", "e2e")


def pytest_collection_modifyitems(items):
    import pytest

    for item in items:
        lane = next((part for part in item.path.parts[::-1] if part in LANES), None)
        if lane is not None:
            item.add_marker(getattr(pytest.mark, lane))
