"""Scoring of tamngu runs against reference translations.

:mod:`eval.runs` reads run directories and references and aligns them,
:mod:`eval.metrics` computes BLEU / chrF++ / TER through sacreBLEU,
:mod:`eval.terms` checks glossary terms, :mod:`eval.report` assembles and
writes the report, :mod:`eval.chart` draws its chart.
"""
