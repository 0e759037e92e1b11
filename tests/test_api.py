"""README's Python API section runs as written (a real SmolLM2 harvest, LoRA only), and the API keeps
the stage functions even after their packages are imported."""

from __future__ import annotations

import os
import re
from pathlib import Path

import datasets
import pytest

import remake

README = Path(__file__).resolve().parent.parent / "README.md"


def api_example() -> str:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


@pytest.mark.slow
def test_readme_python_api_example_runs(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        scope: dict = {}
        exec(compile(api_example(), "README.md", "exec"), scope)
    finally:
        os.chdir(cwd)
    result = scope["result"]
    assert result.finished and (tmp_path / result.run_dir / "config.json").is_file()
    loaded = datasets.load_dataset(str(tmp_path / result.release_dir))
    assert loaded["train"].num_rows == 4


def test_stage_functions_survive_importing_their_packages() -> None:
    import remake.harvest.loop  # noqa: F401
    import remake.release.build  # noqa: F401
    import remake.transfer.run  # noqa: F401

    assert all(callable(getattr(remake, name)) for name in ("harvest", "release", "transfer", "push", "evaluate"))


def test_bad_config_is_a_one_line_error_before_anything_runs() -> None:
    with pytest.raises(remake.RemakeError, match="--epochs must be >= 1"):
        remake.HarvestConfig(data=remake.DataConfig("gsm-symbolic"), epochs=0)
