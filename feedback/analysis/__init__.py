"""Pure-Python text analysis core for consultation responses (no Django imports).

The names below are loaded on first use (PEP 562), so that importing a light module such as
`feedback.analysis.language` or `feedback.analysis.suppression` does not pull in the
pipeline and, through discovery, numpy, SciPy and scikit-learn: a web process that never runs
an analysis stays small. Django code that needs one of these names imports the package
(`from feedback import analysis`) and reads `analysis.<name>` where it is used.
"""

import importlib

_LAZY = {
    "Codebook": "feedback.analysis.coding",
    "CodebookError": "feedback.analysis.coding",
    "load_codebook": "feedback.analysis.coding",
    "parse_codebook": "feedback.analysis.coding",
    "AnalysisResult": "feedback.analysis.pipeline",
    "Response": "feedback.analysis.pipeline",
    "ResponseAnalysis": "feedback.analysis.pipeline",
    "ResponseResult": "feedback.analysis.pipeline",
    "analyse": "feedback.analysis.pipeline",
    "code_batch": "feedback.analysis.pipeline",
    "merge_batches": "feedback.analysis.pipeline",
    "process_batch": "feedback.analysis.pipeline",
    "split_batches": "feedback.analysis.pipeline",
    "warm_up": "feedback.analysis.pipeline",
    "rank_phrases": "feedback.analysis.phrases",
    "NEGATIVE_THRESHOLD": "feedback.analysis.sentiment",
    "POSITIVE_THRESHOLD": "feedback.analysis.sentiment",
    "Unit": "feedback.analysis.summary",
    "choose_quotes": "feedback.analysis.summary",
    "theme_centre_texts": "feedback.analysis.summary",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
