"""The API keeps the stage functions after their packages are imported, and a bad config is one line before
anything runs."""

from __future__ import annotations

import pytest

import remake


def test_stage_functions_survive_importing_their_packages() -> None:
    import remake.harvest.loop  # noqa: F401
    import remake.release.build  # noqa: F401
    import remake.transfer.run  # noqa: F401

    assert all(callable(getattr(remake, name)) for name in ("harvest", "release", "transfer", "push", "evaluate"))


def test_bad_config_is_a_one_line_error_before_anything_runs() -> None:
    with pytest.raises(remake.RemakeError, match="--epochs must be >= 1"):
        remake.HarvestConfig(data=remake.DataConfig("gsm-symbolic"), epochs=0)
