"""The curated term base: pinned English and Chinese forms of official names and titles."""

from tamngu.glossary.loader import default_glossary_dir, load_glossary
from tamngu.glossary.model import ENTRY_TYPES, Entry, Glossary, Role

__all__ = ["ENTRY_TYPES", "Entry", "Glossary", "Role", "default_glossary_dir", "load_glossary"]
