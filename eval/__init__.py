"""Scoring of tamngu runs against reference translations.

:mod:`tamngu.eval.runs` reads run directories and references and aligns them,
:mod:`tamngu.eval.metrics` computes BLEU / chrF++ / TER through sacreBLEU,
:mod:`tamngu.eval.terms` checks glossary terms, :mod:`tamngu.eval.report` assembles and
writes the report, :mod:`tamngu.eval.chart` draws its chart.
"""
