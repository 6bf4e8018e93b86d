"""Command line: analyse_responses --input IN.csv --text-column text --output OUT.csv [...]."""

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from feedback.analysis.coding import Codebook, CodebookError, load_codebook, read_examples_csv
from feedback.analysis.discovery import DEFAULT_MAX_THEMES
from feedback.analysis.pipeline import AnalysisResult, Response, analyse

EXIT_OK = 0
EXIT_BAD_INPUT = 2
ADDED_COLUMNS = (
    "themes",
    "primary_theme",
    "theme_confidence",
    "sentiment",
    "polarity",
    "key_phrases",
    "campaign_group",
    "non_answer",
)


class InputError(Exception):
    """A user-facing problem with the command's input."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(message)


def build_parser(*, prog: str = "analyse_responses", add_help: bool = True) -> _Parser:
    """Return the argument parser.

    The Django management command takes its options from here (as an argparse parent, so
    add_help=False), so the two can never offer different options.
    """
    parser = _Parser(
        prog=prog, description="Theme, sentiment and key phrases for free text.", add_help=add_help
    )
    parser.add_argument("--input", required=True, help="CSV file with one response per row")
    parser.add_argument("--text-column", required=True, help="column holding the free text")
    parser.add_argument("--output", required=True, help="CSV file to write")
    parser.add_argument(
        "--codebook",
        help="coding frame, JSON or CSV (name, description, keywords); without it themes are "
        "discovered",
    )
    parser.add_argument(
        "--examples",
        help="CSV of answers an analyst confirmed (columns text, theme); needs --codebook",
    )
    parser.add_argument("--themes-output", help="write theme summaries as JSON here")
    parser.add_argument("--max-themes", type=int, default=DEFAULT_MAX_THEMES)
    parser.add_argument("--id-column", help="column with response ids (default: row number)")
    parser.add_argument("--question-column", help="column with the question text")
    parser.add_argument("--consent-column", help="column that is true/yes/1 if quotes are allowed")
    parser.add_argument("--workers", type=int, default=None)
    return parser


def _read_rows(path: str, text_column: str) -> tuple[list[str], list[dict[str, str]]]:
    file = Path(path)
    if not file.is_file():
        raise InputError(f"input file not found: {path}")
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise InputError(f"input file is not UTF-8 text: {path} ({exc.reason})") from exc
    except csv.Error as exc:
        raise InputError(f"input file is not valid CSV: {path} ({exc})") from exc
    if not fields:
        raise InputError(f"input file is empty: {path}")
    if text_column not in fields:
        raise InputError(f"column {text_column!r} not found; columns are: {', '.join(fields)}")
    if not rows:
        raise InputError(f"input file has a header but no rows: {path}")
    return fields, rows


def _read_examples(path: str, codebook: Codebook) -> tuple[tuple[str, str], ...]:
    file = Path(path)
    if not file.is_file():
        raise InputError(f"examples file not found: {path}")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"examples file is not UTF-8 text: {path} ({exc.reason})") from exc
    try:
        examples = read_examples_csv(text=text, codebook=codebook)
    except CodebookError as exc:
        raise InputError(f"bad examples file {path}: {exc}") from exc
    if not examples:
        raise InputError(f"examples file has no rows: {path}")
    return examples


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "y"}


def write_output(
    *, path: str, fields: Sequence[str], rows: Sequence[dict], result: AnalysisResult
) -> None:
    """Write input rows plus the analysis columns to a CSV file."""
    extra = [c for c in ADDED_COLUMNS if c not in fields]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*fields, *extra], extrasaction="ignore")
        writer.writeheader()
        for row, r in zip(rows, result.responses, strict=True):
            out = dict(row)
            out.update(
                themes="|".join(name for name, _score in r.themes),
                primary_theme=r.primary_theme,
                theme_confidence=f"{r.themes[0][1]:.4f}" if r.themes else "",
                sentiment=r.sentiment,
                polarity=f"{r.polarity:.4f}",
                key_phrases="|".join(r.key_phrases),
                campaign_group=r.campaign_group,
                non_answer="true" if r.non_answer else "false",
            )
            writer.writerow(out)


def run(*, args: argparse.Namespace) -> int:
    """Run the analysis for parsed arguments; raise InputError for bad input."""
    if args.max_themes < 1:
        raise InputError("--max-themes must be at least 1")
    codebook = None
    if args.codebook:
        try:
            codebook = load_codebook(path=args.codebook)
        except CodebookError as exc:
            raise InputError(f"bad codebook: {exc}") from exc
    examples: tuple[tuple[str, str], ...] = ()
    if args.examples:
        if codebook is None:
            raise InputError("--examples needs --codebook (examples name its themes)")
        examples = _read_examples(args.examples, codebook)
    fields, rows = _read_rows(args.input, args.text_column)
    for column in (args.id_column, args.question_column, args.consent_column):
        if column and column not in fields:
            raise InputError(f"column {column!r} not found")
    responses = [
        Response(
            id=row[args.id_column] if args.id_column else str(i + 1),
            text=row.get(args.text_column) or "",
            question=row.get(args.question_column) if args.question_column else None,
            consent_to_quote=_truthy(row.get(args.consent_column))
            if args.consent_column
            else False,
        )
        for i, row in enumerate(rows)
    ]
    result = analyse(
        responses=responses,
        codebook=codebook,
        examples=examples,
        max_themes=args.max_themes,
        workers=args.workers,
    )
    write_output(path=args.output, fields=fields, rows=rows, result=result)
    if args.themes_output:
        data = result.to_dict()
        data.pop("responses")
        Path(args.themes_output).write_text(
            json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return EXIT_OK


# What a user can get wrong: arguments and files (run raises these, never a traceback).
USER_ERRORS = (InputError, OSError)


def describe_error(exc: Exception) -> str:
    """Return the one-line message for one of USER_ERRORS."""
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename}"
    return str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: returns 0 on success, 2 with a one-line stderr message on bad input."""
    try:
        args = build_parser().parse_args(list(argv) if argv is not None else None)
        return run(args=args)
    except USER_ERRORS as exc:
        print(f"analyse_responses: error: {describe_error(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
