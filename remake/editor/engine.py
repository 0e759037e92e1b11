"""The editor's model as textgrad sees it: an `EngineLM` whose calls go through remake's CallRunner
(cache, budget, retries, accounting), counted on one rewrite job's tally."""

from __future__ import annotations

from textgrad.engine import EngineLM

from remake.llm.calls import CallRunner
from remake.llm.usage import Tally


class EditorEngine(EngineLM):
    """textgrad's view of the editor for one job: calls are counted on that job's tally. With
    `required_tag`, a reply lacking it is re-asked with a format reminder (textgrad issues #15/#83)."""

    def __init__(self, runner: CallRunner, tally: Tally, sample_id: str, required_tag: str | None = None,
                 tag_retries: int = 0, reminder: str = ""):
        self.runner = runner
        self.tally = tally
        self.sample_id = sample_id
        self.model_string = runner.backend.model
        self.required_tag = required_tag
        self.tag_retries = tag_retries
        self.reminder = reminder

    def generate(self, prompt: str, system_prompt: str | None = None, **kwargs: object) -> str:
        if not isinstance(prompt, str):
            raise TypeError("the remake editor takes text prompts only (no multimodal content)")
        system = self.system_prompt if system_prompt is None else system_prompt
        text = self.runner.call(system, prompt, self.tally, self.sample_id)
        for retry in range(self.tag_retries if self.required_tag else 0):
            if self.required_tag in text:
                break
            # the attempt number keeps each re-ask a distinct request (and cache entry) at temperature 0
            text = self.runner.call(system, f"{prompt}\n\n{self.reminder} (reminder {retry + 1})",
                                    self.tally, self.sample_id)
        return text

    def __call__(self, prompt: str, **kwargs: object) -> str:
        return self.generate(prompt, **kwargs)
