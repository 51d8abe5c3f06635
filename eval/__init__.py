"""Scoring of tamngu runs against reference translations.

:mod:`tamngu.eval.reference_files` reads the references (refusing wrong scripts and
control characters), :mod:`tamngu.eval.runs` reads run directories and aligns them,
:mod:`tamngu.eval.metrics` computes BLEU / chrF++ / TER and the paired tests through
sacreBLEU, :mod:`tamngu.eval.terms` checks glossary terms (success and consistency),
:mod:`tamngu.eval.verdict` decides what the figures say, :mod:`tamngu.eval.report`
assembles the typed report (:mod:`tamngu.eval.model`), and :mod:`tamngu.eval.render`
renders it from the Jinja templates in ``eval/templates/`` with :mod:`tamngu.eval.chart`'s chart.
"""
