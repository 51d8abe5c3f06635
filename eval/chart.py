"""The report's chart: per-article chrF++ (bars) and term success (markers), per language.

Drawn with matplotlib's Agg backend (no display needed) and returned as PNG
bytes for embedding in the HTML page.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (backend first)

from tamngu.eval.model import LanguageReport, Report  # noqa: E402

logger = logging.getLogger(__name__)

PALETTE: tuple[str, ...] = ("#2f6690", "#d1495b", "#3a7d44", "#edae49", "#6c4f9c", "#00798c")
_LANG_TITLES = {"en": "Vietnamese → English", "zh": "Vietnamese → Chinese"}


def render_chart(report: Report, dpi: int = 110) -> bytes:
    """PNG of per-article chrF++ and term success for every language and system."""
    panels = max(len(report.languages), 1)
    figure, axes = plt.subplots(1, panels, figsize=(5.6 * panels, 3.6), squeeze=False)
    for axis, language in zip(axes[0], report.languages):
        _draw_language(axis, language)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()


def _draw_language(axis: Any, language: LanguageReport) -> None:
    systems = [system.name for system in language.systems]
    articles = [row.article for row in language.articles]
    width = 0.8 / max(len(systems), 1)
    for number, system in enumerate(systems):
        positions = [index - 0.4 + width * (number + 0.5) for index in range(len(articles))]
        color = PALETTE[number % len(PALETTE)]
        chrf = [row.systems[system].chrf for row in language.articles]
        terms = [row.systems[system].terms.success for row in language.articles]
        axis.bar(positions, chrf, width * 0.92, color=color, alpha=0.85, label=f"{system} chrF++")
        shown = [(x, y) for x, y in zip(positions, terms) if y is not None]
        if shown:
            axis.scatter(*zip(*shown), marker="D", s=34, color="white", edgecolors=color, linewidths=1.8, zorder=3, clip_on=False,
                         label=f"{system} term success %")
    _style(axis, language.lang, articles)


def _style(axis: Any, lang: str, articles: list[str]) -> None:
    axis.set_title(_LANG_TITLES.get(lang, lang), fontsize=11, loc="left")
    axis.set_xticks(range(len(articles)))
    axis.set_xticklabels([article.split("_", 1)[0] for article in articles])
    axis.set_xlabel("article")
    axis.set_ylim(0, 105)
    axis.set_ylabel("score (0-100)")
    axis.grid(axis="y", color="#e3e3e3", linewidth=0.8)
    axis.set_axisbelow(True)
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    axis.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2)
