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
