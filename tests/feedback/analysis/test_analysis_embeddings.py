"""Tests for the packaged sentence embeddings: offline, deterministic, normalised."""

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from feedback.analysis import embeddings
from feedback.analysis.embeddings import DIMENSIONS, EmbeddingsUnavailable, embed

REPO_ROOT = Path(__file__).resolve().parents[3]


def _refuse(*args, **kwargs):
    raise AssertionError("the network was touched")


@pytest.fixture
def no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    for name in list(os.environ):
        if name.startswith(("HF_", "HUGGINGFACE", "TRANSFORMERS_", "TOKENIZERS_")):
            monkeypatch.delenv(name)


def test_model_loads_and_embeds_with_sockets_blocked(no_network):
    embeddings._model.cache_clear()
    embeddings._WORDS._clear()
    vectors = embed(["The nurse was kind", "", "   ", "Waited three hours for a bed"])
    assert vectors.shape == (4, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[[0, 3]], axis=1), 1.0, atol=1e-5)
    assert not vectors[1].any() and not vectors[2].any()


def test_fresh_process_with_no_hf_settings_and_no_sockets_embeds():
    # A new interpreter proves nothing was loaded earlier by a test that had the network.
    script = textwrap.dedent(
        """
        import socket
        def refuse(*a, **k):
            raise SystemExit("network touched")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from feedback.analysis.embeddings import embed
        print(embed(["Parking was impossible", "Lovely staff"]).sum(axis=1).round(4).tolist())
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE"))}
    env["HOME"] = "/nonexistent"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(eval(done.stdout)) == 2  # noqa: S307 - our own list of floats


def test_similar_meanings_are_closer_than_unrelated_ones():
    parking, car_park, kind = embed(
        ["There was nowhere to park the car", "The car park is always full", "Staff were kind"]
    )
    assert parking @ car_park > parking @ kind


def test_same_text_gives_same_bytes_whatever_the_batch_or_cache():
    texts = [f"answer {i} about waiting times and parking" for i in range(50)]
    alone = embed(texts[7:8])
    embeddings._WORDS._clear()
    together = embed(list(reversed(texts)))
    assert together[42].tobytes() == alone[0].tobytes()


def test_whitespace_does_not_change_the_embedding():
    a, b = embed(["Waited  far too\nlong", "Waited far too long"])
    assert a.tobytes() == b.tobytes()


def test_missing_package_gives_a_clear_error(monkeypatch):
    monkeypatch.setattr(embeddings.importlib.util, "find_spec", lambda name: None)
    embeddings._model.cache_clear()
    try:
        with pytest.raises(EmbeddingsUnavailable, match="wordllama"):
            embed(["text"])
    finally:
        embeddings._model.cache_clear()


def test_missing_model_file_gives_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(embeddings, "_package_dir", lambda: tmp_path)
    embeddings._model.cache_clear()
    try:
        with pytest.raises(EmbeddingsUnavailable, match="l2_supercat"):
            embeddings.load()
    finally:
        embeddings._model.cache_clear()
