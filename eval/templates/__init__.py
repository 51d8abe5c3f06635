"""Renderers of the evaluation report: :mod:`.html` (self-contained page) and :mod:`.markdown`."""
