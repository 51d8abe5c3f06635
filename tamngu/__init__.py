"""tamngu: Vietnamese -> English / Chinese news translation with a curated glossary."""

__version__ = "0.1.0"
