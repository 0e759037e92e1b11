"""What `remake.run_transfer` returns: the report (accuracy per arm with 95% CIs, paired differences)
and where it was written; a local release also gets the report as a card section."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from remake.transfer.report import SECTION_TITLE


@dataclass(frozen=True)
class TransferResult:
    report: dict[str, Any]
    out_dir: Path
    card: Path | None = None  # the local release's README.md that got the report's section

    def lines(self) -> list[str]:
        lines = [f"{'arm':<26}{'accuracy %':>11}  95% CI"]
        for arm in self.report["arms"].values():
            lines.append(f"{arm['label']:<26}{arm['accuracy']:>11.2f}  [{arm['ci_low']:.2f}, {arm['ci_high']:.2f}]")
        headline = self.report["differences"]["remade-baseline"]
        lines.append(f"remade − baseline: {headline['delta']:+.2f} points, 95% CI "
                     f"[{headline['ci_low']:+.2f}, {headline['ci_high']:+.2f}]")
        out = self.out_dir
        lines.append(f"report: {out / 'report.md'}  chart: {out / 'chart.png'}  html: {out / 'report.html'}")
        if self.card is not None:
            lines.append(f"card: section '{SECTION_TITLE}' in {self.card}")
        return lines
