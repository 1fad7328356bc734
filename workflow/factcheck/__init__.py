"""Reproducible, data-driven fact-checking: pinned sources -> recomputed claims -> report."""

__version__ = "0.1.0"
