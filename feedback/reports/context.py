"""Build everything a committee report shows, from stored data, at the moment it is generated.

Each appendix part asks the selector that owns its data (feedback, themes, consultations) and
only shapes the answer for the template. When there is nothing to say (no responses, no
themes yet), the part says so in plain words.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from consultations import selectors as consultation_selectors
from consultations.models import Locality
from feedback import selectors as feedback_selectors
from feedback.analysis import suppression
from feedback.analysis.identifiers import flag_identifiers
from feedback.reports import charts, wording
from feedback.reports import selectors as report_selectors
from feedback.reports.models import APPENDIX_PARTS
from feedback.themes import selectors as theme_selectors

# Response fields counted together in one grouped query (the feedback selector's list).
BREAKDOWN_FIELDS = feedback_selectors.BREAKDOWN_FIELDS
# A table of up to this many rows is never split across pages (PDF) or rows (Word).
KEEP_TOGETHER_ROWS = 15
# A cross-table has at most this many group columns (besides the themes and the total), so it
# fits an A4 page; more are split into several tables.
GRID_COLUMNS = 6
# The themes' cross-tables print no column totals: themes overlap (one respondent can raise
# several), so a column adds up to mentions, not people, and printing it would make the rule
# withhold far more (the demo: 17 hidden cells of 78 instead of 33, and the sentiment split of
# the findings would lose figures). Each row adds up to the theme's "n", printed.
CROSS_TABLE_COLUMN_TOTALS = False
# The detailed tables close the appendix, after every part the report includes.
DETAILED_TABLES = "detailed_tables"
DETAILED_TABLES_TITLE = gettext_lazy("Detailed tables")
# The headline figures name this many of the biggest themes.
HEADLINE_THEMES = 3
# The column of a cross-table for respondents in no group (the themes selector's key).
NOT_GIVEN = theme_selectors.NOT_GIVEN
# A campaign's typical wording is cut to this many words in the report.
CAMPAIGN_WORDS = 60


@dataclass
class AppendixPart:
    """One part of the consultation summary, numbered in the appendix (A1, A2, ...)."""

    key: str
    title: str
    number: int = 0
    available: bool = True
    empty_message: str = ""
    data: dict = field(default_factory=dict)

    @property
    def template(self):
        """The include that renders this part."""
        return f"reports/parts/{self.key}.html"


def _int(count):
    """A count as a number; hidden cells (None) count as nothing."""
    return count if isinstance(count, int) else 0


def percentage(part, whole):
    """A whole-number percentage, or None when there is nothing to divide by."""
    if not whole or part is None:
        return None
    return round(100 * part / whole)


def table_rows(rows, *, total, protected=False, additive=True):
    """Shape rows ({label, count}) for a table and its chart, under the suppression rule.

    Rows a selector has already protected (`protected`) keep their cells; any others are
    protected here against `total`, the number of people the table counts. Hidden cells have
    no count, percentage or bar, and read "fewer than 5" or "withheld".
    """
    if not protected:
        rows = feedback_selectors.protected_rows(rows, total=total, additive=additive)
    shaped = feedback_selectors.ProtectedRows()
    shaped.withheld = getattr(rows, "withheld", False)
    for row in rows:
        label = row["label"]
        count = row["count"]
        display = row.get("display") or (
            feedback_selectors.suppressed_label() if count is None else f"{count:,}"
        )
        shaped.append(
            {
                "label": str(label) if label not in (None, "") else _("Not stated"),
                "count": count,
                "count_display": display,
                "percentage": None if count is None else percentage(count, total),
                "value": count,
                "display": display,
                "status": row.get("status", "shown"),
            }
        )
    return shaped


def _table_withheld():
    """The sentence printed instead of a table too small to show at all."""
    return feedback_selectors.table_withheld_note()


def _pairs(rows):
    """(label, count) pairs from selector rows (dicts with "label" and "count") or from a
    {label: count} mapping such as a sentiment split."""
    if isinstance(rows, Mapping):
        return list(rows.items())
    return [(row["label"], row["count"]) for row in rows]


def _lower_first(text):
    """ "Working with GP practices" -> "working with GP practices"; "NHS staff" stays."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _rows_in_words(rows, *, proper_names=False):
    """Breakdown rows as one phrase: "online: 272 (89%); paper: 17 (6%) and email: 11 (4%)".

    Labels start in lower case mid-sentence, except proper names (`proper_names`: languages,
    "English: 410 (96%)")."""
    phrases = []
    for row in rows:
        share = f" ({row['percentage']}%)" if row.get("percentage") is not None else ""
        label = row["label"] if proper_names else _lower_first(row["label"])
        phrases.append(f"{label}: {row['display']}{share}")
    return wording.list_in_words(phrases, separator="; ")


def _people_finding(summary, size, *, verb_phrase):
    """ "Most respondents (160 of 290) raised ...", or "fewer than 5 of 290 respondents
    raised ..." when the theme is too small to show."""
    if size["suppressed"]:
        sentence = _("%(n)s of %(total)s respondents %(verb_phrase)s") % {
            "n": size["display"],
            "total": f"{summary['total']:,}",
            "verb_phrase": verb_phrase,
        }
        return sentence[:1].upper() + sentence[1:]
    return wording.people_finding(
        summary["respondents"], summary["total"], noun=_("respondents"), verb_phrase=verb_phrase
    )


def chart_for(rows, *, title, unit=None):
    """An SVG bar chart for breakdown rows, whose text alternative lists the same data."""
    description = charts.describe_rows(rows, unit=unit or _("responses"))
    return charts.horizontal_bar_chart(title=title, description=description, rows=rows)


def _add_not_given(columns, counts, totals, *, label=None):
    """A cross-table's columns and counts with whoever is in no column counted as "Not given"
    (or `label`), so each row adds up to its total; no columns when a row counts more people
    than its total (such a table could not be printed consistently)."""
    counts = dict(counts)
    keys = [key for key, _label in columns]
    missing = {}
    for row, total in totals.items():
        counted = sum(counts.get((row, key), 0) for key in keys)
        if counted > total:
            return [], {}
        if counted < total:
            missing[row] = total - counted
    if missing:
        if NOT_GIVEN not in keys:
            columns = [*columns, (NOT_GIVEN, label or _("Not given"))]
        for row, count in missing.items():
            counts[row, NOT_GIVEN] = counts.get((row, NOT_GIVEN), 0) + count
    return columns, counts


class ReportContextBuilder:
    """Collects the header, body and appendix of one committee report."""

    def __init__(self, report, *, now=None):
        self.report = report
        self.consultation = report.consultation.specific
        self.now = now or timezone.now()
        self._responses = None
        self._total = None
        self._count_rows = {}
        self._theme_figures = None
        self._theme_summaries = None
        self._theme_sizes = None
        self._workshops = None
        self._channel_rows = None
        self._tables = []
        self._report_status = None
        self._places = None

    # --- shared -----------------------------------------------------------------------------

    @property
    def responses(self):
        """Submitted responses as a queryset (never evaluated whole)."""
        if self._responses is None:
            self._responses = feedback_selectors.submitted_responses(consultation=self.consultation)
        return self._responses

    @property
    def total(self):
        """How many responses were submitted (one COUNT query)."""
        if self._total is None:
            self._total = self.responses.count()
        return self._total

    def count_rows(self, field_name):
        """The feedback selector's rows for one response field, asked once per report."""
        if field_name not in self._count_rows and field_name in BREAKDOWN_FIELDS:
            # Channel, capacity and places come from one grouped query, asked once.
            self._count_rows.update(
                feedback_selectors.response_breakdowns(consultation=self.consultation)
            )
        if field_name not in self._count_rows:
            self._count_rows[field_name] = list(
                feedback_selectors.response_counts_by(
                    consultation=self.consultation, field=field_name
                )
            )
        return self._count_rows[field_name]

    def counts_by(self, field_name):
        """(label, count) pairs for one response field, from the feedback selector."""
        return [(row["label"], row["count"]) for row in self.count_rows(field_name)]

    def theme_figures(self):
        """The themes' counts, read once: the summaries and the theme-set checks share them."""
        if self._theme_figures is None:
            self._theme_figures = theme_selectors.theme_figures(consultation=self.consultation)
        return self._theme_figures

    def theme_summaries(self):
        """The themes selector's summaries, asked once (the headline and the themes part)."""
        if self._theme_summaries is None:
            self._theme_summaries = theme_selectors.theme_summaries(
                consultation=self.consultation, figures=self.theme_figures()
            )
        return self._theme_summaries

    def theme_sizes(self):
        """Each theme's size under the suppression rule, in the order of `theme_summaries`.

        Themes overlap (one respondent can raise several), so their sizes add up to nothing
        published: a small theme is hidden on its own.
        """
        if self._theme_sizes is None:
            self._theme_sizes = feedback_selectors.protected_rows(
                [{"count": summary["respondents"]} for summary in self.theme_summaries()],
                additive=False,
            )
        return self._theme_sizes

    def workshops(self):
        """The consultation's workshops with attendance, asked once."""
        if self._workshops is None:
            self._workshops = report_selectors.consultation_workshops(
                consultation=self.consultation, now=self.now
            )
        return self._workshops

    def channel_rows(self):
        """Responses by channel as rows (how people took part), worked out once.

        Every "who responded" table counts the same people, whose total is printed, so each is
        protected against that total (the channel table included).
        """
        if self._channel_rows is None:
            self._channel_rows = table_rows(self.count_rows("channel"), total=self.total)
        return self._channel_rows

    def add_table(self, *, caption, rows, label_heading, value_heading, total=None):
        """Put a table in the detailed tables at the end of the appendix; returns its number,
        or None when the table is too small to show at all (its part prints a note instead).

        Every table printed there has been through the suppression rule: rows a part has
        already protected (they carry a "status") are kept as they are, any others are
        protected here against `total` (default: their sum).
        """
        if any("status" not in row for row in rows):
            rows = table_rows(rows, total=total)
        if getattr(rows, "withheld", False):
            return None
        number = len(self._tables) + 1
        self._tables.append(
            {
                "number": number,
                "caption": str(caption),
                "label_heading": str(label_heading),
                "value_heading": str(value_heading),
                "rows": rows,
                "keep_together": len(rows) <= KEEP_TOGETHER_ROWS,
            }
        )
        return number

    # --- the report --------------------------------------------------------------------------

    def build(self):
        """The full template context."""
        report = self.report
        parts = [self.part(key) for key in report.included_parts()]
        headline = self.headline()
        if self._tables:
            parts.append(
                AppendixPart(
                    key=DETAILED_TABLES,
                    title=str(DETAILED_TABLES_TITLE),
                    data={
                        "tables": self._tables,
                        "has_grids": any(table.get("grid") for table in self._tables),
                        "suppression_note": feedback_selectors.suppression_note(),
                    },
                )
            )
        for number, part in enumerate(parts, start=1):
            part.number = number
        status = self.status()
        appendices = [_("Consultation summary: %(title)s") % {"title": self.consultation.title}]
        appendices += [str(block.value) for block in report.other_appendices]
        return {
            "report": report,
            "consultation": self.consultation,
            "generated_at": self.now,
            "document_title": f"{report.subject}: {report.report_to}",
            "recommendations": [str(block.value) for block in report.recommendations],
            "wards_affected": self.wards_affected(),
            "values": [block.value for block in report.values],
            "contact_officers": list(report.contact_officers.all()),
            "background_papers": self.background_papers(),
            "sections": [
                {"number": number, "title": block.value["title"], "body": block.value["body"]}
                for number, block in enumerate(report.sections, start=1)
            ],
            "appendices": appendices,
            "parts": parts,
            "tables_part": parts[-1] if self._tables else None,
            "total_responses": self.total,
            "headline": headline,
            # What "most", "many", "some" and "a few" mean, for whichever part states it.
            "bands": wording.band_definitions(),
            "you_said_we_did": self.you_said_we_did(),
            "suppression_note": feedback_selectors.suppression_note(),
            "interim": status["interim"],
            "interim_reasons": status["reasons"],
            "consultation_open": status["open"],
        }

    def status(self):
        """The report's status (see `_status`), worked out once."""
        if self._report_status is None:
            self._report_status = self._status()
        return self._report_status

    def _status(self):
        """Whether the report is interim (a draft) and why: the consultation is still open (or
        not yet open), or some of its themes are still waiting for an officer's review."""
        consultation = self.consultation
        still_open = self.now < consultation.closes_at
        reasons = []
        if still_open:
            reasons.append(
                _("The consultation closes on %(date)s; responses are still coming in.")
                % {"date": formats.date_format(timezone.localtime(consultation.closes_at), "j F Y")}
            )
        unreviewed = theme_selectors.themes_awaiting_review(consultation=consultation)
        if unreviewed:
            reasons.append(
                ngettext(
                    "%(count)s theme is still waiting for an officer's review.",
                    "%(count)s themes are still waiting for an officer's review.",
                    unreviewed,
                )
                % {"count": unreviewed}
            )
        return {"interim": bool(reasons), "reasons": reasons, "open": still_open}

    def headline(self):
        """The figures the body's Summary leads with: responses, how people took part, who
        responded, and the biggest themes in plain words ("Most respondents (160 of 290)...").
        """
        total = self.total
        sentences = [
            ngettext(
                "%(shown)s response was submitted.",
                "%(shown)s responses were submitted.",
                total,
            )
            % {"shown": f"{total:,}"}
        ]
        if not total:
            return {"sentences": sentences, "themes": []}
        held = [workshop for workshop in self.workshops() if workshop["held"]]
        if held:
            sentences.append(
                ngettext(
                    "%(held)s workshop was held, with %(attended)s recorded attendances.",
                    "%(held)s workshops were held, with %(attended)s recorded attendances.",
                    len(held),
                )
                % {
                    "held": len(held),
                    "attended": sum(workshop["attended"] or 0 for workshop in held),
                }
            )
        channel_rows = self.channel_rows()
        channels = "" if channel_rows.withheld else _rows_in_words(channel_rows)
        if channels:
            sentences.append(_("How people took part: %(channels)s.") % {"channels": channels})
        capacity_rows = table_rows(self.count_rows("capacity"), total=total)
        capacities = "" if capacity_rows.withheld else _rows_in_words(capacity_rows)
        if capacities:
            sentences.append(_("Who responded: %(groups)s.") % {"groups": capacities})
        themes = []
        summaries = [
            (summary, size)
            for summary, size in zip(self.theme_summaries(), self.theme_sizes(), strict=True)
            if summary["respondents"]
        ]
        if summaries:
            answered = summaries[0][0]["total"]
            sentences.append(
                ngettext(
                    "%(shown)s person gave a written answer that could be analysed. The "
                    "biggest themes:",
                    "%(shown)s people gave written answers that could be analysed. The "
                    "biggest themes:",
                    answered,
                )
                % {"shown": f"{answered:,}"}
            )
            themes = [
                _people_finding(
                    summary,
                    size,
                    verb_phrase=_("raised %(theme)s.") % {"theme": _lower_first(summary["name"])},
                )
                for summary, size in summaries[:HEADLINE_THEMES]
            ]
        return {"sentences": sentences, "themes": themes}

    def you_said_we_did(self):
        """What we heard and what was decided, for the body, when an outcome exists."""
        consultation = self.consultation
        if not (consultation.outcome_heard or consultation.outcome_decided):
            return None
        return {"heard": consultation.outcome_heard, "decided": consultation.outcome_decided}

    def wards_affected(self):
        """The report's own text, else the consultation's wards, else "All"."""
        if self.report.wards_affected.strip():
            return self.report.wards_affected.strip()
        names = [ward.name for ward in self.consultation.wards.all()]
        return ", ".join(names) if names else _("All")

    def background_papers(self):
        """The consultation's background-paper documents, then any the officer added."""
        papers = [
            {"title": document["title"], "link": ""}
            for document in report_selectors.consultation_documents(consultation=self.consultation)
            if document["is_background_paper"]
        ]
        papers += [
            {"title": block.value["title"], "link": block.value["link"]}
            for block in self.report.background_papers
        ]
        return papers

    def part(self, key):
        """Build one appendix part by key."""
        titles = dict(APPENDIX_PARTS)
        part = AppendixPart(key=key, title=str(titles[key]))
        getattr(self, f"part_{key}")(part)
        return part

    # --- appendix parts ----------------------------------------------------------------------

    def part_how_it_ran(self, part):
        """Dates, audience, channels, documents, workshops and responses by channel."""
        consultation = self.consultation
        channel_rows = self.channel_rows()
        withheld = channel_rows.withheld
        if withheld:
            channel_rows = []
        workshops = self.workshops()
        held = [workshop for workshop in workshops if workshop["held"]]
        part.data = {
            "opens_at": consultation.opens_at,
            "closes_at": consultation.closes_at,
            "is_open": self.now < consultation.closes_at,
            "has_opened": self.now >= consultation.opens_at,
            "kind": consultation.get_kind_display(),
            "audience": consultation.get_audience_display(),
            "documents": report_selectors.consultation_documents(consultation=consultation),
            "workshops": workshops,
            "workshops_held": len(held),
            "workshop_attendance": sum(workshop["attended"] or 0 for workshop in held),
            "total": self.total,
            "channel_rows": channel_rows,
            "channel_note": _table_withheld() if withheld else "",
            "channel_chart": (
                chart_for(channel_rows, title=_("Responses by channel")) if channel_rows else None
            ),
            "channel_table": (
                self.add_table(
                    caption=_("Responses by channel"),
                    rows=channel_rows,
                    label_heading=_("Channel"),
                    value_heading=_("Responses"),
                )
                if channel_rows
                else None
            ),
        }

    def part_who_responded(self, part):
        """Responses by capacity and place, the organisations that responded, and who did not."""
        breakdowns = []
        for field_name, heading in (
            ("capacity", _("Responses by capacity (how people took part)")),
            ("borough__name", _("Responses by borough")),
            ("locality__name", _("Responses by locality")),
        ):
            rows = table_rows(self.count_rows(field_name), total=self.total)
            if rows:
                breakdowns.append(self._breakdown(heading, rows))
        expected = self._capacities_expected()
        # Organisations are named (they chose to respond as organisations) but not counted.
        organisations = [
            str(label)
            for label, _count in self.counts_by("organisation_name")
            if label and label != _("Not given")
        ]
        part.data = {
            "total": self.total,
            "breakdowns": breakdowns,
            "languages": self._languages(),
            "organisations": organisations,
            "few_or_none": self._groups_heard_little_from(expected) + self._places_not_heard_from(),
            "audience": self.consultation.get_audience_display(),
            "expected_groups": [str(label) for _value, label in expected],
            # "NHS staff; council staff and GP or primary care": a group's name can have commas.
            "expected_in_words": wording.list_in_words(
                (_lower_first(label) for _value, label in expected), separator="; "
            ),
            "fewer_than": feedback_selectors.suppressed_label(),
            "small_count": suppression.THRESHOLD,
        }
        if not self.total:
            part.available = False
            part.empty_message = _("No responses have been submitted.")

    def _breakdown(self, heading, rows):
        """A chart with its numbered table, or only a sentence when the table cannot be shown
        at all."""
        if rows.withheld:
            return {
                "heading": heading,
                "rows": [],
                "chart": None,
                "table": None,
                "note": _table_withheld(),
            }
        return {
            "heading": heading,
            "rows": rows,
            "chart": chart_for(rows, title=heading),
            "table": self.add_table(
                caption=heading,
                rows=rows,
                label_heading=_("Group"),
                value_heading=_("Responses"),
            ),
        }

    def _languages(self):
        """How many written answers came in each language, under the suppression rule, and
        how many still wait for an English translation (left out of the themes)."""
        rows = feedback_selectors.answer_language_counts(consultation=self.consultation)
        answers = sum(row["count"] for row in rows)
        if not answers:
            return None
        heading = _("Written answers by language")
        shaped = table_rows(rows, total=answers)
        awaiting = theme_selectors.awaiting_translation_count(consultation=self.consultation)
        data = {
            "heading": heading,
            "answers": answers,
            "awaiting": awaiting,
            "rows": [],
            "chart": None,
            "table": None,
            "note": "",
            "in_words": "",
        }
        if shaped.withheld:
            data["note"] = _table_withheld()
            return data
        data.update(
            rows=shaped,
            in_words=_rows_in_words(shaped, proper_names=True),
            chart=chart_for(shaped, title=heading, unit=_("answers")),
            table=self.add_table(
                caption=heading,
                rows=shaped,
                label_heading=_("Language"),
                value_heading=_("Answers"),
            ),
        )
        return data

    def _capacities_expected(self):
        """(value, label) of the groups the consultation's audience was meant to reach."""
        return feedback_selectors.capacities_expected(consultation=self.consultation)

    def _groups_heard_little_from(self, expected):
        """Expected groups with fewer than 5 responses, or none at all.

        Groups the consultation was not for (residents in a staff consultation) are left out:
        not hearing from them says nothing about the consultation.
        """
        if not self.total:
            return []
        counts = {row["value"]: row["count"] for row in self.count_rows("capacity")}
        groups = []
        for value, label in expected:
            count = counts.get(value, 0)
            if not count:
                groups.append(_("%(group)s (none)") % {"group": label})
            elif suppression.is_small(count):
                groups.append(
                    _("%(group)s (%(fewer)s)")
                    % {"group": label, "fewer": feedback_selectors.suppressed_label()}
                )
        return groups

    def _places_not_heard_from(self):
        """Places the consultation covered with fewer than 5 responses, or none at all."""
        if not self.total:
            return []
        names = []
        boroughs = [borough.name for borough in self.consultation.boroughs.all()]
        localities = [
            consultation_selectors.locality_label(place)
            for place in consultation_selectors.localities_labelled(
                Locality.objects.filter(consultations=self.consultation)
            )
        ]
        for field_name, places in (("borough__name", boroughs), ("locality__name", localities)):
            # The rows are labelled as the places are (a locality by `locality_label`).
            counts = {row["label"]: row["count"] for row in self.count_rows(field_name)}
            for label in places:
                count = counts.get(label, 0)
                if not count:
                    names.append(_("%(group)s (none)") % {"group": label})
                elif suppression.is_small(count):
                    names.append(
                        _("%(group)s (%(fewer)s)")
                        % {"group": label, "fewer": feedback_selectors.suppressed_label()}
                    )
        return names

    def part_question_results(self, part):
        """Each closed question: options with counts and percentages, as chart and table."""
        questions = []
        for number, summary in enumerate(
            feedback_selectors.question_summaries(consultation=self.consultation), start=1
        ):
            text = summary["question"].text
            answered = summary["answered"]
            rows = table_rows(
                feedback_selectors.protected_options(summary), total=answered, protected=True
            )
            if rows.withheld:
                questions.append(
                    {
                        "number": number,
                        "text": str(text),
                        "answered": answered,
                        "condition": summary["condition"],
                        "rows": [],
                        "note": _table_withheld(),
                        "chart": None,
                        "table": None,
                    }
                )
                continue
            questions.append(
                {
                    "number": number,
                    "text": str(text),
                    "answered": answered,
                    "condition": summary["condition"],
                    "rows": rows,
                    "note": "",
                    "chart": chart_for(rows, title=str(text), unit=_("answers")),
                    "table": self.add_table(
                        caption=_("Question %(number)s: %(text)s")
                        % {"number": number, "text": text},
                        rows=rows,
                        label_heading=_("Answer"),
                        value_heading=_("Count"),
                    ),
                }
            )
        part.data = {"questions": questions}
        if not questions:
            part.available = False
            part.empty_message = _("This consultation has no closed questions with answers.")

    def part_themes(self, part):
        """Themes by size, each opening with a one-paragraph finding (n of N in plain words,
        the split by tone, then the quotes); their tables go to the detailed tables (by
        sentiment, by stance when a question is about a proposal, by capacity and by
        locality). Campaigns are counted separately."""
        summaries = self.theme_summaries()
        sizes = self.theme_sizes()
        decided = report_selectors.quotes_for_report(consultation=self.consultation)
        draft = self.status()["interim"]
        title = _("Respondents mentioning each theme")
        chart_rows = feedback_selectors.ProtectedRows(
            {
                "label": summary["name"],
                "count": size["count"],
                "value": size["count"],
                "display": size["display"],
                "count_display": size["display"],
                "percentage": None if size["suppressed"] else round(summary["share"] * 100),
                "status": size["status"],
            }
            for summary, size in zip(summaries, sizes, strict=True)
        )
        # The overview table comes first, as its chart does.
        overview = (
            self.add_table(
                caption=title,
                rows=chart_rows,
                label_heading=_("Theme"),
                value_heading=_("Respondents"),
            )
            if summaries
            else None
        )
        sentiment_rows, tables = self._theme_cross_tables(summaries)
        themes = []
        for summary, size, sentiment in zip(summaries, sizes, sentiment_rows, strict=True):
            n = summary["respondents"]
            name = summary["name"]
            quotes = self._theme_quotes(summary, decided, draft=draft)
            themes.append(
                {
                    "name": name,
                    "description": summary["description"],
                    "n": n,
                    "n_display": size["display"],
                    "n_hidden": size["suppressed"],
                    "N": summary["total"],
                    "share": None if size["suppressed"] else round(summary["share"] * 100),
                    "finding": self._theme_finding(
                        summary,
                        size,
                        sentiment,
                        quoted=bool(quotes["quotes"] or quotes["candidate_quotes"]),
                    ),
                    "sentiment": sentiment,
                    "tables": tables,
                    **quotes,
                    "key_phrases": [str(phrase) for phrase in summary["key_phrases"]],
                }
            )
        # Numbered rather than named: every group is "identical or near-identical responses".
        campaigns = [
            {
                "name": _("Campaign %d") % number,
                "n": group["respondents"],
                "summary": Truncator(group["representative_text"]).words(CAMPAIGN_WORDS),
            }
            for number, group in enumerate(
                theme_selectors.campaign_groups(consultation=self.consultation), start=1
            )
        ]
        part.data = {
            "themes": themes,
            "campaigns": campaigns,
            "chart": chart_for(chart_rows, title=title) if themes else None,
            "table": overview,
        }
        if not themes and not campaigns:
            part.available = False
            part.empty_message = _("No themes have been produced for this consultation yet.")

    def _quote_places(self):
        """Place and team names a quote could identify someone by, asked once per report."""
        if self._places is None:
            self._places = report_selectors.quote_place_names(consultation=self.consultation)
        return self._places

    def _theme_quotes(self, summary, decided, *, draft):
        """Approved quotes; a draft also lists the candidates no officer has decided on yet,
        marked as such (a published version prints approved quotes only).

        A candidate with a detail that could identify someone (a job title with length of
        service, a team size, a named place: `flag_identifiers`, what the Quotes page asks the
        officer to check) is not printed until an officer has decided on it: a draft is read
        by more people than the officer, and no one has checked it yet. Only their number is.
        """
        entry = decided.get(summary.get("id"), {"approved": [], "decided": set()})
        candidates = []
        held_back = 0
        if draft:
            for quote in summary["quotes"]:
                if quote in entry["decided"] or quote in entry["approved"]:
                    continue
                if flag_identifiers(text=str(quote), places=self._quote_places()):
                    held_back += 1
                    continue
                candidates.append(str(quote))
        return {
            "quotes": entry["approved"][:5],
            "candidate_quotes": candidates[:5],
            "candidates_held_back": held_back,
        }

    @staticmethod
    def _theme_finding(summary, size, sentiment, *, quoted):
        """One paragraph: how many raised the theme (in plain words), what it is about, and how
        their comments split. Hidden figures read as the suppression rule prints them."""
        n = summary["respondents"]
        name = summary["name"]
        topic = _lower_first(name)
        if summary["description"]:
            topic = _("%(name)s: %(description)s") % {
                "name": topic,
                "description": _lower_first(str(summary["description"]).rstrip(".")),
            }
        if not n:
            return _("No respondent raised %(topic)s.") % {"topic": topic}
        sentences = [
            _people_finding(summary, size, verb_phrase=_("raised %(topic)s.") % {"topic": topic})
        ]
        # Biggest first: shown counts, then "withheld" (5 or more), then "fewer than 5".
        order = {"shown": 0, "withheld": 1, "small": 2}
        shown = sorted(
            (row for row in sentiment if row["count"] or row["status"] != "shown"),
            key=lambda row: (order.get(row["status"], 0), -_int(row["count"])),
        )
        if shown:
            split = wording.list_in_words(
                f"{row['display']} {row['label'].lower()}" for row in shown
            )
            sentences.append(
                _("Of these %(n)s, the comments were %(split)s in tone.")
                % {"n": size["display"], "split": split}
            )
        if quoted:
            sentences.append(_("Typical comments follow."))
        return " ".join(str(sentence) for sentence in sentences)

    def _theme_cross_tables(self, summaries):
        """The themes' breakdowns as cross-tables (rows themes, columns groups, cells
        respondents, each row ending with the theme's "n"): sentiment, stance (only when the
        summaries carry it: a question about a proposal), capacity and locality, each
        protected as a whole (`feedback.selectors.protected_grid`). Returns each theme's
        sentiment rows (from the protected table, for its finding) and the tables' numbers."""
        if not summaries:
            return [], []
        ids = [summary["id"] for summary in summaries]
        totals = {summary["id"]: summary["respondents"] for summary in summaries}
        # Sentiment: each respondent counted once per theme, so a row adds up to "n".
        labels = {}
        sentiment_counts = {}
        for summary in summaries:
            for label, count in _pairs(summary["sentiment"]):
                labels.setdefault(label, str(label).capitalize())
                if count:
                    sentiment_counts[summary["id"], label] = count
        crosses = theme_selectors.theme_cross_tables(
            figures=self.theme_figures(), summaries=summaries
        )
        grids = [
            (
                _("Themes by sentiment of comments"),
                _("Sentiment"),
                list(labels.items()),
                sentiment_counts,
                None,
            ),
            *self._stance_grid(summaries),
            (
                _("Themes by capacity"),
                _("Capacity"),
                crosses["capacity"]["columns"],
                crosses["capacity"]["counts"],
                None,
            ),
            (
                _("Themes by locality"),
                _("Locality"),
                crosses["locality"]["columns"],
                crosses["locality"]["counts"],
                None,
            ),
        ]
        names = {summary["id"]: summary["name"] for summary in summaries}
        numbers = []
        sentiment_grid = None
        # Each: caption, column heading, columns, counts, the label of those in no column.
        for index, (caption, heading, columns, counts, not_given) in enumerate(grids):
            columns, counts = _add_not_given(columns, counts, totals, label=not_given)
            if not columns:
                continue
            grid = feedback_selectors.protected_grid(
                counts,
                rows=ids,
                columns=[key for key, _label in columns],
                row_totals=totals,
                column_totals=CROSS_TABLE_COLUMN_TOTALS,
            )
            if index == 0:
                sentiment_grid = grid
            if not grid["withheld"]:
                numbers += self.add_grid(
                    caption=caption,
                    grid=grid,
                    rows=[(key, names[key]) for key in ids],
                    columns=columns,
                    column_heading=heading,
                )
        sentiment = []
        for key in ids:
            rows = []
            if (
                sentiment_grid
                and not sentiment_grid["withheld"]
                and key not in sentiment_grid["left_out"]
            ):
                for column, label in labels.items():
                    cell = dict(sentiment_grid["cells"][key, column])
                    cell["label"] = label
                    cell["percentage"] = percentage(cell["count"], totals[key])
                    rows.append(cell)
            sentiment.append(rows)
        return sentiment, numbers

    @staticmethod
    def _stance_grid(summaries):
        """The themes by stance towards the proposal, as one more cross-table for
        `_theme_cross_tables` (none unless the summaries carry a stance split): support,
        oppose and mixed, with respondents who stated no stance making up each row's "n"."""
        if not any("stance" in summary for summary in summaries):
            return []
        counts = {
            (summary["id"], key): count
            for summary in summaries
            for key, count in summary.get("stance", {}).items()
            if count
        }
        labels = theme_selectors.STANCE_LABELS
        return [
            (
                _("Themes by stance towards the proposal"),
                _("Stance"),
                [(key, str(labels[key])) for key in theme_selectors.STANCES],
                counts,
                str(labels[theme_selectors.NO_STANCE]),
            )
        ]

    def add_grid(self, *, caption, grid, rows, columns, column_heading):
        """Put a protected cross-table in the detailed tables: rows (key, label) by columns
        (key, label), each row ending with its total, and a last row with the column totals
        when they are printed; rows the rule left out are named in a note instead. More than
        GRID_COLUMNS groups are split into several tables of up to that many
        columns each (every one with the rows' totals), so each fits the page. Returns the
        tables' numbers."""
        chunks = [columns[i : i + GRID_COLUMNS] for i in range(0, len(columns), GRID_COLUMNS)]
        numbers = []
        for index, chunk in enumerate(chunks, start=1):
            title = str(caption)
            if len(chunks) > 1:
                title = _("%(caption)s (%(part)s of %(parts)s)") % {
                    "caption": caption,
                    "part": index,
                    "parts": len(chunks),
                }
            body = [
                {
                    "label": label,
                    "cells": [grid["cells"][key, column] for column, _name in chunk],
                    "total": grid["row_totals"][key],
                }
                for key, label in rows
                if key not in grid["left_out"]
            ]
            left_out = [label for key, label in rows if key in grid["left_out"]]
            total_row = None
            if grid["column_totals_printed"]:
                total_row = {
                    "label": _("All mentions"),
                    "cells": [grid["column_totals"][column] for column, _name in chunk],
                    "total": grid["total"],
                }
            number = len(self._tables) + 1
            self._tables.append(
                {
                    "number": number,
                    "caption": title,
                    "grid": True,
                    "label_heading": _("Theme"),
                    "column_heading": str(column_heading),
                    "columns": [str(name) for _key, name in chunk],
                    "total_heading": _("Total"),
                    "grid_rows": body,
                    "total_row": total_row,
                    "left_out": left_out,
                    "left_out_note": _table_withheld() if left_out else "",
                    # Every figure, for the checks that walk the tables of a report.
                    "rows": [
                        {**cell, "label": row["label"]}
                        for row in [*body, *([total_row] if total_row else [])]
                        for cell in [*row["cells"], row["total"]]
                    ],
                    "keep_together": len(body) + 1 <= KEEP_TOGETHER_ROWS,
                }
            )
            numbers.append(number)
        return numbers

    def part_equality(self, part):
        """The equality monitoring summary; counts under 5 are shown as "fewer than 5"."""
        summary = feedback_selectors.equality_summary(consultation=self.consultation)
        returned = summary["total"]  # None when fewer than 5 forms came back
        groups = []
        for question in summary["questions"]:
            # The selector has applied the suppression rule (against the forms returned).
            rows = table_rows(question["rows"], total=returned, protected=True)
            groups.append(
                {
                    "heading": question["question"],
                    "rows": [] if rows.withheld else rows,
                    "note": _table_withheld() if rows.withheld else "",
                    "keep_together": len(rows) <= KEEP_TOGETHER_ROWS,
                }
            )
        part.data = {"groups": groups, "returned": summary["total_display"]}
        if not groups or returned == 0:
            part.available = False
            part.empty_message = _("No equality monitoring forms were returned.")

    def part_outcome(self, part):
        """What we heard and what was decided, where the outcome is known."""
        consultation = self.consultation
        part.data = {
            "heard": consultation.outcome_heard,
            "decided": consultation.outcome_decided,
            "published_at": consultation.outcome_published_at,
        }
        if not (consultation.outcome_heard or consultation.outcome_decided):
            part.available = False
            part.empty_message = _(
                "The outcome is not known yet. It will be published on the consultation page "
                "once decisions have been made."
            )

    def part_method(self, part):
        """What was automated, what officers reviewed, and how many were re-tagged by a person."""
        # The themes part, when the report has one, has already counted the respondents.
        themes = self._theme_summaries
        summary = theme_selectors.analysis_method_summary(
            consultation=self.consultation, respondents=themes[0]["total"] if themes else None
        )
        part.data = {
            "answers_analysed": summary["answers_analysed"],
            "non_answers": summary["non_answers"],
            "answers_pending": summary["answers_pending"],
            "answers_awaiting_translation": summary["answers_awaiting_translation"],
            "campaign_answers": summary["campaign_answers"],
            "themes_accepted": summary["themes_accepted"],
            "themes_from_coding_frame": summary["themes_from_coding_frame"],
            "themes_discovered": summary["themes_discovered_and_accepted"],
            "retagged": summary["answers_retagged"],
            "last_run_at": summary["last_run_at"],
            "generated_at": self.now,
            "small_count": suppression.THRESHOLD,
            "suppression_note": feedback_selectors.suppression_note(),
            "bands": wording.band_definitions(),
            "theme_checks": theme_selectors.theme_set_checks(
                consultation=self.consultation,
                total=summary.get("respondents_total"),
                figures=self.theme_figures(),
            ),
        }


def build_report_context(report, *, now=None):
    """The template context for a committee report, computed now from stored data."""
    return ReportContextBuilder(report, now=now).build()
