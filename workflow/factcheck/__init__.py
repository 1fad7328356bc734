"""Reproducible, data-driven fact-checking: pinned sources -> recomputed claims -> report."""
