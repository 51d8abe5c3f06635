"""Renderers of the evaluation report: :mod:`.html` (self-contained page) and :mod:`.markdown`."""

from __future__ import annotations

from typing import Any

LANG_NAMES = {"en": "English", "zh": "Chinese"}
METRIC_LABELS = {"bleu": "BLEU", "chrf": "chrF++", "ter": "TER"}


def signature_lines(report: dict[str, Any]) -> list[tuple[str, str]]:
    """Every sacreBLEU signature of a report as ``(what it signs, signature)``, in report order."""
    lines: list[tuple[str, str]] = []
    for lang, scores in report["languages"].items():
        name = LANG_NAMES.get(lang, lang)
        first = next(iter(scores["systems"].values()))
        lines += [(f"{name} {METRIC_LABELS[key]}", score["signature"]) for key, score in first["corpus"].items()]
        lines += [(f"{name} per-article {METRIC_LABELS[key]}", sig) for key, sig in first["article_signatures"].items()]
        lines.append((f"{name} sentence chrF++", first["sentence_chrf_signature"]))
        if scores.get("significance"):
            paired = next(iter(scores["significance"]["systems"].values()))
            lines += [(f"{name} paired {METRIC_LABELS[key]}", score["signature"]) for key, score in paired.items()]
    return lines


#: One line per figure, for a newsroom editor: what it measures and which direction is better.
METRIC_HELP: tuple[tuple[str, str], ...] = (
    ("BLEU", "how many of the reference translation's words and word sequences the output repeats; "
             "0 to 100, higher is better. Useful for comparing runs on the same articles, not for judging one sentence."),
    ("chrF++", "the same idea counted on characters (plus word pairs), so small differences in word form cost less "
               "and Chinese is measured fairly; 0 to 100, higher is better."),
    ("TER", "translation edit rate: the edits (insert, delete, replace, move a phrase) needed to turn the output into "
            "the reference, per 100 reference words; lower is better. Over 100 means more edits than the reference has "
            "words: the output is much longer than the reference or mostly unrelated to it."),
    ("term success", "the share of glossary names and titles in the Vietnamese source that appear in the output "
                     "in an approved form; higher is better."),
    ("term consistency", "how often a name that occurs several times is rendered the same way each time; higher is "
                         "better; n/a when no glossary term was rendered at all."),
)
TER_OVER_100 = ("TER over 100: more edits than the reference has words, so the output is much longer than the "
                "reference or mostly unrelated to it.")
HIGHER_IS_BETTER = {"bleu": True, "chrf": True, "ter": False}
SIGNIFICANCE_LEVEL = 0.05


def verdict(key: str, score: float, baseline: float, p_value: float | None) -> str | None:
    """``better``, ``worse`` or ``same`` (no clear difference) than the baseline; None for the baseline itself."""
    if p_value is None:
        return None
    if p_value >= SIGNIFICANCE_LEVEL or score == baseline:
        return "same"
    return "better" if (score > baseline) == HIGHER_IS_BETTER[key] else "worse"


def consistency_rendered(terms: dict[str, Any]) -> bool:
    """False when no pinned term was rendered at all: consistency then means nothing ("n/a")."""
    return bool(terms.get("hits"))


def article_label(report: dict[str, Any], article: str, lang: str) -> str:
    """The article's title in ``lang`` (else Vietnamese), or its id when the references have no title."""
    titles = report.get("article_titles", {}).get(article, {})
    return titles.get(lang) or titles.get("vi") or article


def entry_label(report: dict[str, Any], entry_id: str, lang: str) -> tuple[str, str]:
    """``(Vietnamese name, pinned name in lang)`` of a glossary entry; the id when the report does not name it."""
    names = report.get("entry_names", {}).get(entry_id)
    return (names["vi"], names.get(lang, "")) if names else (entry_id, "")
