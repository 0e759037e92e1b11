"""README's Python API section runs as written (a real SmolLM2 harvest, LoRA only)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import datasets
import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


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
