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

logger = logging.getLogger(__name__)

PALETTE: tuple[str, ...] = ("#2f6690", "#d1495b", "#3a7d44", "#edae49", "#6c4f9c", "#00798c")
_LANG_TITLES = {"en": "Vietnamese → English", "zh": "Vietnamese → Chinese"}


def render_chart(report: dict[str, Any], dpi: int = 110) -> bytes:
    """PNG of per-article chrF++ and term success for every language and system."""
    langs = list(report["languages"])
    figure, axes = plt.subplots(1, max(len(langs), 1), figsize=(5.6 * max(len(langs), 1), 3.6), squeeze=False)
    for axis, lang in zip(axes[0], langs):
        _draw_language(axis, lang, report["languages"][lang])
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    plt.close(figure)
    return buffer.getvalue()


def _draw_language(axis: Any, lang: str, scores: dict[str, Any]) -> None:
    systems = list(scores["systems"])
    articles = scores["articles"]
    width = 0.8 / max(len(systems), 1)
    for number, system in enumerate(systems):
        per_article = scores["systems"][system]["articles"]
        positions = [index - 0.4 + width * (number + 0.5) for index in range(len(articles))]
        color = PALETTE[number % len(PALETTE)]
        chrf = [per_article[article]["chrf"] for article in articles]
        terms = [per_article[article]["terms"]["success"] for article in articles]
        axis.bar(positions, chrf, width * 0.92, color=color, alpha=0.85, label=f"{system} chrF++")
        shown = [(x, y) for x, y in zip(positions, terms) if y is not None]
        if shown:
            axis.scatter(*zip(*shown), marker="D", s=34, color="white", edgecolors=color, linewidths=1.8, zorder=3, clip_on=False,
                         label=f"{system} term success %")
    _style(axis, lang, articles)


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
