"""Sentence embeddings from the WordLlama model shipped inside the `wordllama` wheel (offline)."""

import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

# The files inside the wordllama wheel (0.4.x). WordLlama's own loader looks for the tokenizer
# under `tokenizer/` and, missing it, downloads one; we read the shipped files directly instead.
TOKENIZER_FILE = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
WEIGHTS_FILE = Path("weights") / "l2_supercat_256.safetensors"
WEIGHTS_KEY = "embedding.weight"
DIMENSIONS = 256
# Texts are embedded in batches so the gathered word vectors stay small (batch x words x 1 KB).
BATCH_SIZE = 2048
# The word cache is dropped when it grows past this (about 1 KB a word); results do not change.
MAX_CACHED_WORDS = 200_000


class EmbeddingsUnavailable(RuntimeError):
    """Raised when the packaged embedding model (the `wordllama` wheel) cannot be loaded."""


@dataclass(frozen=True, slots=True)
class _Model:
    tokenizer: object
    vectors: np.ndarray  # (vocabulary, DIMENSIONS) float32


def _package_dir() -> Path:
    # find_spec locates the package without importing it: importing wordllama configures the
    # root logger (logging.basicConfig), which is not ours to change.
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingsUnavailable(
            "sentence embeddings need the 'wordllama' package (see requirements.txt): "
            "pip install 'wordllama>=0.4,<0.5'"
        )
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _model() -> _Model:
    package = _package_dir()
    tokenizer_path, weights_path = package / TOKENIZER_FILE, package / WEIGHTS_FILE
    for path in (tokenizer_path, weights_path):
        if not path.is_file():
            raise EmbeddingsUnavailable(
                f"the wordllama package has no {path.relative_to(package)}; "
                "reinstall 'wordllama>=0.4,<0.5' (the model files ship inside its wheel)"
            )
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise EmbeddingsUnavailable(
            f"sentence embeddings need {exc.name!r}, a dependency of wordllama"
        ) from exc
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    vectors = load_file(str(weights_path))[WEIGHTS_KEY].astype(np.float32)
    if vectors.shape[1] != DIMENSIONS:
        raise EmbeddingsUnavailable(f"unexpected embedding size {vectors.shape} in {weights_path}")
    return _Model(tokenizer=tokenizer, vectors=np.ascontiguousarray(vectors))


class _WordVectors:
    """Sum of token vectors and token count for each whitespace-separated word seen so far.

    The model is a mean of token vectors. Its tokenizer has no pre-tokenizer, but no token of its
    vocabulary holds a word boundary except runs of spaces, so once whitespace is collapsed a
    text's tokens are exactly its words' tokens in order. Each distinct word is therefore
    tokenized once (one `encode` per word, never the multi-threaded batch encoder, which would
    clash with the forked workers) and texts are summed from word sums.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self.index: dict[str, int] = {}
        self.sums = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self.counts = np.zeros(0, dtype=np.float32)

    def rows(self, words: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return each word's row, with the sums and counts they index (new words added)."""
        with self._lock:
            if len(self.index) + len(words) > MAX_CACHED_WORDS:
                self._clear()
            new = [w for w in dict.fromkeys(words) if w not in self.index]
            if new:
                self._add(new)
            rows = np.array(list(map(self.index.__getitem__, words)), dtype=np.int64)
            # The arrays are replaced, never changed in place, so the caller may keep them.
            return rows, self.sums, self.counts

    def _add(self, new: list[str]) -> None:
        model = _model()
        encode = model.tokenizer.encode  # type: ignore[attr-defined]
        token_ids = [encode(word, add_special_tokens=False).ids for word in new]
        lengths = np.array([len(ids) for ids in token_ids], dtype=np.int64)
        flat = np.fromiter(
            (i for ids in token_ids for i in ids), dtype=np.int64, count=int(lengths.sum())
        )
        sums = np.zeros((len(new), DIMENSIONS), dtype=np.float32)
        nonempty = lengths > 0
        if flat.size:
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
            sums[nonempty] = np.add.reduceat(model.vectors[flat], starts, axis=0)
        base = len(self.index)
        self.index.update((w, base + i) for i, w in enumerate(new))
        self.sums = np.concatenate((self.sums, sums))
        self.counts = np.concatenate((self.counts, lengths.astype(np.float32)))


_WORDS = _WordVectors()


@cache
def reference_words() -> tuple[str, ...]:
    """Whole lowercase words of the model's own vocabulary (4+ letters), a corpus-free background.

    Scores against a theme are standardised on these, so a theme whose description sits close
    to everything does not swallow answers, and a narrow one is not starved.
    """
    vocabulary = _model().tokenizer.get_vocab()  # type: ignore[attr-defined]
    words = {t[1:].lower() for t in vocabulary if t.startswith("\u2581") and t[1:].isalpha()}
    return tuple(sorted(w for w in words if len(w) >= 4 and w.isascii()))


@cache
def background_texts() -> tuple[str, ...]:
    """2,000 fixed word salads (6 common + 4 random words): what unrelated text looks like."""
    from feedback.analysis._data import stopwords

    words, common = reference_words(), sorted(stopwords())
    rng = np.random.default_rng(20240607)
    picks, fillers = rng.integers(0, len(words), (2000, 4)), rng.integers(0, len(common), (2000, 6))
    return tuple(
        " ".join([*(common[i] for i in f[:3]), *(words[i] for i in p), *(common[i] for i in f[3:])])
        for p, f in zip(picks, fillers, strict=True)
    )


def load() -> None:
    """Load the model now (e.g. before forking workers); raises EmbeddingsUnavailable."""
    _model()


def embed(texts: Sequence[str]) -> np.ndarray:
    """Return float32 (n, 256) L2-normalised mean token vectors; a zero row for empty text."""
    _model()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(texts), BATCH_SIZE):
        out[start : start + BATCH_SIZE] = _embed_batch(texts[start : start + BATCH_SIZE])
    return out


def _embed_batch(texts: Sequence[str]) -> np.ndarray:
    word_lists = [text.split() for text in texts]
    lengths = np.array([len(words) for words in word_lists], dtype=np.int64)
    if not lengths.any():
        return np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    rows, sums, counts = _WORDS.rows([w for words in word_lists for w in words])
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    # Column indices stay in text order (never sorted): the sparse product adds each text's words
    # in that order, so a row depends neither on its batch nor on the order the word cache was
    # filled in, and the output is the same in every process.
    words_of_text = csr_matrix(
        (np.ones(rows.size, dtype=np.float32), rows, indptr), shape=(len(texts), sums.shape[0])
    )
    means = words_of_text @ sums
    means /= np.maximum(words_of_text @ counts, 1.0)[:, None]
    norms = np.sqrt((means * means).sum(axis=1))
    means[norms > 0] /= norms[norms > 0, None]
    return means.astype(np.float32, copy=False)
