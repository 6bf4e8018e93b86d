"""The analyse_responses management command: output columns and one-line errors."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, load_command_class

from feedback.analysis import cli

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


def _frame_and_examples(tmp_path, examples_text):
    frame = tmp_path / "frame.csv"
    frame.write_text(
        "name,description\nAccess,Waiting times and appointments\nStaff,Kind and helpful staff\n",
        encoding="utf-8",
    )
    examples = tmp_path / "confirmed.csv"
    examples.write_text(examples_text, encoding="utf-8")
    return frame, examples


CONFIRMED = (
    "text,theme\nCar park full,Access\nNo parking spaces,Access\nParking costs too much,Access\n"
    "Nurse was kind,Staff\nStaff helpful,Staff\nLovely doctor,Staff\n"
)


def test_command_takes_confirmed_examples_and_writes_what_the_cli_writes(comments, tmp_path):
    # Issue 12: `analyse_responses ... --codebook FRAME --examples CONFIRMED.csv`.
    frame, examples = _frame_and_examples(tmp_path, CONFIRMED)
    options = ["--input", str(comments), "--text-column", "text", "--codebook", str(frame)]
    options += ["--examples", str(examples)]
    call_command("analyse_responses", *options, "--output", str(tmp_path / "command.csv"))
    assert cli.main([*options, "--output", str(tmp_path / "cli.csv")]) == cli.EXIT_OK
    command_out = (tmp_path / "command.csv").read_bytes()
    assert command_out == (tmp_path / "cli.csv").read_bytes()
    with (tmp_path / "command.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["primary_theme"] for r in rows] == ["Access", "Staff", "", "Access"]
    assert all(0 < float(r["theme_confidence"]) <= 1 for r in rows if r["primary_theme"])


def test_command_refuses_an_examples_file_naming_an_unknown_theme(comments, tmp_path):
    frame, examples = _frame_and_examples(tmp_path, "text,theme\nCold soup,Food\n")
    with pytest.raises(CommandError) as raised:
        call_command(
            "analyse_responses",
            *("--input", str(comments), "--text-column", "text", "--codebook", str(frame)),
            *("--examples", str(examples), "--output", str(tmp_path / "out.csv")),
        )
    assert raised.value.returncode == 2
    assert "'Food'" in str(raised.value)
    assert not (tmp_path / "out.csv").exists()


def test_command_offers_every_option_of_the_cli():
    command = load_command_class("feedback", "analyse_responses").create_parser(
        "manage.py", "analyse_responses"
    )
    offered = {option for action in command._actions for option in action.option_strings}
    expected = {
        option
        for action in cli.build_parser()._actions
        for option in action.option_strings
        if option not in ("-h", "--help")
    }
    assert expected <= offered
