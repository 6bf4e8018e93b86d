"""Pure-Python text analysis core for consultation responses (no Django imports)."""

from feedback.analysis.coding import Codebook, CodebookError, load_codebook, parse_codebook
from feedback.analysis.pipeline import (
    AnalysisResult,
    Response,
    ResponseAnalysis,
    ResponseResult,
    analyse,
    merge_batches,
    process_batch,
    split_batches,
    warm_up,
)

__all__ = [
    "AnalysisResult",
    "Codebook",
    "CodebookError",
    "Response",
    "ResponseAnalysis",
    "ResponseResult",
    "analyse",
    "load_codebook",
    "merge_batches",
    "parse_codebook",
    "process_batch",
    "split_batches",
    "warm_up",
]
