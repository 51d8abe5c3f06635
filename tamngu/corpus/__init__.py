"""The corpus stage: raw article files in, parts and sentence segments out.

``parse`` reads an article (title, lead, body, captions, metadata, dropped
lines), ``segment`` splits it into sentence segments with stable ids, and
``encoding`` reads bytes as UTF-8 or names the legacy encoding to convert
from. Nothing here knows about the glossary or the models.
"""
