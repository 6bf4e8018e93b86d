"""Campaign and near-duplicate grouping with word shingles and MinHash (deterministic)."""

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 3
NUM_HASHES = 32
BANDS = 8
MIN_WORDS = 12
MIN_GROUP_SIZE = 3
SIMILARITY = 0.7
_rng = np.random.RandomState(20240601)
# Multiply-shift hash family: h(x) = ((a * x + b) mod 2**64) >> 32, with odd a.
_A = (
    _rng.randint(1, 2**62, size=NUM_HASHES, dtype=np.int64).astype(np.uint64) << np.uint64(1)
) | np.uint64(1)
_B = _rng.randint(0, 2**62, size=NUM_HASHES, dtype=np.int64).astype(np.uint64)
_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Normalised-text hash plus MinHash signature (empty for short texts)."""

    text_hash: str
    minhash: bytes


@dataclass(frozen=True, slots=True)
class CampaignGroup:
    """A group of identical or near-identical responses."""

    group_id: str
    size: int
    member_indexes: tuple[int, ...]
    representative_index: int


def normalised_words(*, text: str) -> list[str]:
    """Return lowercase alphanumeric words, ignoring punctuation and case."""
    return _WORD_RE.findall(text.lower())


_CACHE_LIMIT = 200_000
# Words and word hashes of each whitespace-separated chunk: words never span whitespace, so a
# text's words are its chunks' words in order, and chunks repeat far more often than texts.
_chunk_words: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}


def _words_and_hashes(text: str) -> tuple[list[str], list[int]]:
    """normalised_words(text) and the crc32 of each word."""
    cache = _chunk_words
    words: list[str] = []
    hashes: list[int] = []
    for chunk in text.split():
        found = cache.get(chunk)
        if found is None:
            chunk_words = tuple(normalised_words(text=chunk))
            found = (chunk_words, tuple(zlib.crc32(w.encode("utf-8")) for w in chunk_words))
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[chunk] = found
        words += found[0]
        hashes += found[1]
    return words, hashes


def fingerprints(*, texts: Sequence[str]) -> list[Fingerprint]:
    """Compute fingerprints for a batch of texts using vectorised MinHash over word 3-shingles."""
    word_hashes: list[int] = []
    starts: list[int] = []  # first shingle start (index into word_hashes) per long text
    counts: list[int] = []  # number of shingles per long text
    keys: list[str] = []
    long_enough: list[bool] = []
    for text in texts:
        words, hashes = _words_and_hashes(text)
        key = " ".join(words)
        keys.append(hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest())
        if len(words) < MIN_WORDS:
            long_enough.append(False)
            continue
        long_enough.append(True)
        starts.append(len(word_hashes))
        counts.append(len(words) - SHINGLE_WORDS + 1)
        word_hashes += hashes
    signatures: list[bytes] = []
    if starts:
        hashed = np.asarray(word_hashes, dtype=np.uint64)
        valid = np.ones(len(hashed) - (SHINGLE_WORDS - 1), dtype=bool)
        for start, count in zip(starts, counts, strict=True):
            valid[start + count : start + count + SHINGLE_WORDS - 1] = False
        index = np.flatnonzero(valid)
        # Combine three consecutive word hashes into one shingle hash (wrapping uint64 maths).
        shingles = (
            hashed[index] * np.uint64(0x9E3779B97F4A7C15)
            + hashed[index + 1] * np.uint64(0xC2B2AE3D27D4EB4F)
            + hashed[index + 2]
        )
        offsets = np.cumsum([0, *counts[:-1]])
        mins = np.empty((len(starts), NUM_HASHES), dtype=np.uint32)
        shift = np.uint64(32)
        for h in range(NUM_HASHES):  # one hash function at a time keeps memory small
            mins[:, h] = np.minimum.reduceat((shingles * _A[h] + _B[h]) >> shift, offsets)
        signatures = [row.tobytes() for row in mins]
    out = []
    sig_iter = iter(signatures)
    for key, ok in zip(keys, long_enough, strict=True):
        out.append(Fingerprint(text_hash=key, minhash=next(sig_iter) if ok else b""))
    return out


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def group_campaigns(
    *,
    prints: Sequence[Fingerprint],
    min_group_size: int = MIN_GROUP_SIZE,
    similarity: float = SIMILARITY,
) -> list[CampaignGroup]:
    """Group responses whose texts are identical or near-identical; return groups, biggest first."""
    parent = list(range(len(prints)))
    first_by_hash: dict[str, int] = {}
    reps: list[int] = []
    for i, fp in enumerate(prints):
        if not fp.minhash:
            continue
        j = first_by_hash.setdefault(fp.text_hash, i)
        if j == i:
            reps.append(i)
        else:
            parent[_find(parent, i)] = _find(parent, j)
    rows = NUM_HASHES // BANDS
    if reps:
        sigs = np.frombuffer(b"".join(prints[i].minhash for i in reps), dtype=np.uint32)
        sigs = sigs.reshape(len(reps), NUM_HASHES)
        for band in range(BANDS):
            chunk = np.ascontiguousarray(sigs[:, band * rows : (band + 1) * rows])
            keys = chunk.view(np.dtype((np.void, chunk.dtype.itemsize * rows))).ravel()
            _uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            anchors = first[inverse]
            candidates = np.flatnonzero(anchors != np.arange(len(reps)))
            if not len(candidates):
                continue
            similar = (sigs[candidates] == sigs[anchors[candidates]]).mean(axis=1) >= similarity
            for r in candidates[similar]:
                ra, ri = _find(parent, reps[anchors[r]]), _find(parent, reps[r])
                if ra != ri:
                    parent[max(ra, ri)] = min(ra, ri)
    members: dict[int, list[int]] = {}
    for i, fp in enumerate(prints):
        if fp.minhash:
            members.setdefault(_find(parent, i), []).append(i)
    groups = []
    for indexes in members.values():
        if len(indexes) < min_group_size:
            continue
        counts: dict[str, int] = {}
        for i in indexes:
            counts[prints[i].text_hash] = counts.get(prints[i].text_hash, 0) + 1
        rep_hash = min(counts, key=lambda h: (-counts[h], h))
        rep = min(i for i in indexes if prints[i].text_hash == rep_hash)
        groups.append(
            CampaignGroup(
                group_id=f"campaign-{rep_hash[:8]}",
                size=len(indexes),
                member_indexes=tuple(sorted(indexes)),
                representative_index=rep,
            )
        )
    groups.sort(key=lambda g: (-g.size, g.group_id))
    return groups
