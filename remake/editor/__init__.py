"""The editor: TextGrad rewriting of questions (and of the system prompt) by an LLM reached through any
OpenAI-compatible endpoint or running in this process; cached, counted, budgeted and concurrent."""

from typing import Any

from remake.env import prepare_textgrad_env

prepare_textgrad_env()  # before any submodule imports textgrad

from remake.editor.config import EditorConfig  # noqa: E402
from remake.editor.jobs import RewriteAttempt, RewriteJob, TeacherProbe  # noqa: E402

__all__ = ["Editor", "EditorConfig", "RewriteAttempt", "RewriteJob", "TeacherProbe"]


def __getattr__(name: str) -> Any:
    # textgrad imports litellm (~10 s): load the Editor only when used, so that option parsing stays fast
    if name == "Editor":
        from remake.editor.editor import Editor

        return Editor
    raise AttributeError(f"module 'remake.editor' has no attribute {name!r}")
