"""The analyse_responses management command: output columns and one-line errors."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

ROWS = [
    "The waiting list is far too long, I waited months for therapy.",
    "Staff were kind and listened to me.",
    "n/a",
    "Waiting times for an appointment are too long.",
]


@pytest.fixture
def comments(tmp_path):
    path = tmp_path / "in.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([i, text] for i, text in enumerate(ROWS, start=1))
    return path


def test_command_adds_analysis_columns_using_a_codebook(comments, tmp_path):
    codebook = tmp_path / "codebook.json"
    codebook.write_text(
        json.dumps(
            {
                "themes": [
                    {"name": "Waiting", "description": "Delays", "keywords": ["waiting", "wait"]},
                    {"name": "Staff", "description": "People", "keywords": ["staff", "kind"]},
                ]
            }
        ),
        encoding="utf-8",
    )
    out, themes = tmp_path / "out.csv", tmp_path / "themes.json"
    call_command(
        "analyse_responses",
        "--input",
        str(comments),
        "--text-column",
        "text",
        "--codebook",
        str(codebook),
        "--themes-output",
        str(themes),
        "--output",
        str(out),
    )
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["primary_theme"] for r in rows] == ["Waiting", "Staff", "", "Waiting"]
    assert rows[2]["non_answer"] == "true"
    assert rows[0]["sentiment"] == "negative"
    assert {"themes", "polarity", "key_phrases", "campaign_group"} <= set(rows[0])
    assert json.loads(themes.read_text(encoding="utf-8"))["themes"]


def test_command_rejects_a_missing_column_with_exit_code_2(comments, tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command(
            "analyse_responses",
            "--input",
            str(comments),
            "--text-column",
            "comment",
            "--output",
            str(tmp_path / "out.csv"),
        )
    assert raised.value.returncode == 2
    assert "comment" in str(raised.value)
    assert not (tmp_path / "out.csv").exists()


def test_command_line_bad_input_prints_one_line_and_exits_2(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "analyse_responses",
            "--input",
            str(empty),
            "--text-column",
            "text",
            "--output",
            str(tmp_path / "out.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "empty" in done.stderr


def test_command_line_missing_argument_exits_2_with_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "analyse_responses"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
