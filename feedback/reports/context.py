"""Build everything a committee report shows, from stored data, at the moment it is generated.

Each appendix part asks the selector that owns its data (feedback, themes, consultations) and
only shapes the answer for the template. When there is nothing to say (no responses, no
themes yet), the part says so in plain words.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from feedback import selectors as feedback_selectors
from feedback.reports import charts, wording
from feedback.reports import selectors as report_selectors
from feedback.reports.models import APPENDIX_PARTS
from feedback.themes import selectors as theme_selectors

# Groups smaller than this are never shown in breakdowns (product rule).
SMALL_COUNT = 5
FEWER_THAN = gettext_lazy("fewer than 5")
# Response fields counted together in one grouped query (the feedback selector's list).
BREAKDOWN_FIELDS = feedback_selectors.BREAKDOWN_FIELDS
# A table of up to this many rows is never split across pages (PDF) or rows (Word).
KEEP_TOGETHER_ROWS = 15
# The detailed tables close the appendix, after every part the report includes.
DETAILED_TABLES = "detailed_tables"
DETAILED_TABLES_TITLE = gettext_lazy("Detailed tables")
# The headline figures name this many of the biggest themes.
HEADLINE_THEMES = 3
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


def suppressed(count):
    """True when a count is too small to show (or was already withheld by the selector)."""
    # Selectors mark withheld cells as None or a marker string such as "suppressed".
    return not isinstance(count, int) or count < SMALL_COUNT


def count_display(count):
    """A count as printed: the number, or "fewer than 5" for small groups."""
    return str(FEWER_THAN) if suppressed(count) else f"{count:,}"


def _int(count):
    """A count as a number; withheld cells (None, "suppressed") count as nothing."""
    return count if isinstance(count, int) else 0


def percentage(part, whole):
    """A whole-number percentage, or None when there is nothing to divide by."""
    if not whole or part is None:
        return None
    return round(100 * part / whole)


def breakdown_rows(counts, *, total, suppress=True):
    """Shape (label, count) pairs into table/chart rows, hiding counts under 5 if asked."""
    rows = []
    for label, count in counts:
        hidden = suppress and suppressed(count)
        share = None if hidden else percentage(count, total)
        rows.append(
            {
                "label": str(label) if label not in (None, "") else _("Not stated"),
                "count": None if hidden else count,
                "count_display": count_display(count) if suppress else f"{count:,}",
                "percentage": share,
                "value": None if hidden else count,
                "display": count_display(count) if suppress else f"{count:,}",
            }
        )
    return rows


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


def _rows_in_words(rows):
    """Breakdown rows as one phrase: "online: 272 (89%); paper: 17 (6%) and email: 11 (4%)"."""
    phrases = []
    for row in rows:
        share = f" ({row['percentage']}%)" if row.get("percentage") is not None else ""
        phrases.append(f"{_lower_first(row['label'])}: {row['display']}{share}")
    return wording.list_in_words(phrases, separator="; ")


def chart_for(rows, *, title, unit=None):
    """An SVG bar chart for breakdown rows, whose text alternative lists the same data."""
    description = charts.describe_rows(rows, unit=unit or _("responses"))
    return charts.horizontal_bar_chart(title=title, description=description, rows=rows)


class ReportContextBuilder:
    """Collects the header, body and appendix of one committee report."""

    def __init__(self, report, *, now=None):
        self.report = report
        self.consultation = report.consultation.specific
        self.now = now or timezone.now()
        self._responses = None
        self._total = None
        self._count_rows = {}
        self._theme_summaries = None
        self._workshops = None
        self._tables = []

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
        return _pairs(self.count_rows(field_name))

    def theme_summaries(self):
        """The themes selector's summaries, asked once (the headline and the themes part)."""
        if self._theme_summaries is None:
            self._theme_summaries = theme_selectors.theme_summaries(consultation=self.consultation)
        return self._theme_summaries

    def workshops(self):
        """The consultation's workshops with attendance, asked once."""
        if self._workshops is None:
            self._workshops = report_selectors.consultation_workshops(
                consultation=self.consultation, now=self.now
            )
        return self._workshops

    def channel_rows(self):
        """Responses by channel as rows (how people took part)."""
        return breakdown_rows(self.counts_by("channel"), total=self.total, suppress=False)

    def add_table(self, *, caption, rows, label_heading, value_heading, share_heading=None):
        """Put a table in the detailed tables at the end of the appendix; returns its number."""
        number = len(self._tables) + 1
        self._tables.append(
            {
                "number": number,
                "caption": str(caption),
                "label_heading": str(label_heading),
                "value_heading": str(value_heading),
                "share_heading": str(share_heading or _("Share")),
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
                    data={"tables": self._tables},
                )
            )
        for number, part in enumerate(parts, start=1):
            part.number = number
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
        }

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
        channels = _rows_in_words(self.channel_rows())
        if channels:
            sentences.append(_("How people took part: %(channels)s.") % {"channels": channels})
        capacities = _rows_in_words(breakdown_rows(self.counts_by("capacity"), total=total))
        if capacities:
            sentences.append(_("Who responded: %(groups)s.") % {"groups": capacities})
        themes = []
        summaries = [s for s in self.theme_summaries() if s["respondents"]]
        if summaries:
            answered = summaries[0]["total"]
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
                wording.people_finding(
                    summary["respondents"],
                    summary["total"],
                    noun=_("respondents"),
                    verb_phrase=_("raised %(theme)s.") % {"theme": _lower_first(summary["name"])},
                )
                for summary in summaries[:HEADLINE_THEMES]
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
        workshops = self.workshops()
        held = [workshop for workshop in workshops if workshop["held"]]
        part.data = {
            "opens_at": consultation.opens_at,
            "closes_at": consultation.closes_at,
            "kind": consultation.get_kind_display(),
            "audience": consultation.get_audience_display(),
            "documents": report_selectors.consultation_documents(consultation=consultation),
            "workshops": workshops,
            "workshops_held": len(held),
            "workshop_attendance": sum(workshop["attended"] or 0 for workshop in held),
            "total": self.total,
            "channel_rows": channel_rows,
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
            rows = breakdown_rows(self.counts_by(field_name), total=self.total)
            if rows:
                breakdowns.append(
                    {
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
                )
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
            "organisations": organisations,
            "few_or_none": self._groups_heard_little_from(expected) + self._places_not_heard_from(),
            "audience": self.consultation.get_audience_display(),
            "expected_groups": [str(label) for _value, label in expected],
        }
        if not self.total:
            part.available = False
            part.empty_message = _("No responses have been submitted.")

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
            elif suppressed(count):
                groups.append(_("%(group)s (fewer than 5)") % {"group": label})
        return groups

    def _places_not_heard_from(self):
        """Places the consultation covered with fewer than 5 responses, or none at all."""
        if not self.total:
            return []
        names = []
        for relation, field_name in (
            ("boroughs", "borough__name"),
            ("localities", "locality__name"),
        ):
            counts = {row["value"]: row["count"] for row in self.count_rows(field_name)}
            for place in getattr(self.consultation, relation).all():
                count = counts.get(place.name, 0)
                if not count:
                    names.append(_("%(group)s (none)") % {"group": place})
                elif suppressed(count):
                    names.append(_("%(group)s (fewer than 5)") % {"group": place})
        return names

    def part_question_results(self, part):
        """Each closed question: options with counts and percentages, as chart and table."""
        questions = []
        for number, summary in enumerate(
            feedback_selectors.question_summaries(consultation=self.consultation), start=1
        ):
            text = summary["question"].text
            answered = summary["answered"]
            rows = [
                {
                    "label": str(option["label"]),
                    "count": option["count"],
                    "percentage": round(option["percentage"]),
                    "value": option["count"],
                    "display": f"{option['count']:,}",
                }
                for option in summary["options"]
            ]
            questions.append(
                {
                    "number": number,
                    "text": str(text),
                    "answered": answered,
                    "rows": rows,
                    "chart": chart_for(rows, title=str(text), unit=_("answers")),
                    "table": self.add_table(
                        caption=_("Question %(number)s: %(text)s")
                        % {"number": number, "text": text},
                        rows=rows,
                        label_heading=_("Answer"),
                        value_heading=_("Count"),
                        share_heading=_("Percentage"),
                    ),
                }
            )
        part.data = {"questions": questions}
        if not questions:
            part.available = False
            part.empty_message = _("This consultation has no closed questions with answers.")

    def part_themes(self, part):
        """Themes by size, each opening with a one-paragraph finding (n of N in plain words,
        the stance split, then the quotes); their tables go to the detailed tables. Campaigns
        are counted separately."""
        summaries = self.theme_summaries()
        title = _("Respondents mentioning each theme")
        chart_rows = [
            {
                "label": summary["name"],
                "value": summary["respondents"],
                "display": f"{summary['respondents']:,}",
                "count_display": f"{summary['respondents']:,}",
                "percentage": round(summary["share"] * 100),
            }
            for summary in summaries
        ]
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
        themes = []
        for summary in summaries:
            n = summary["respondents"]
            name = summary["name"]
            sentiment = self._sentiment_rows(summary.get("stance") or summary["sentiment"])
            breakdowns = self._theme_breakdowns(
                {_("Capacity"): summary["by_capacity"], _("Locality"): summary["by_locality"]},
                total=n,
            )
            tables = []
            if sentiment:
                tables.append(
                    self.add_table(
                        caption=_("%(name)s: sentiment of comments") % {"name": name},
                        rows=sentiment,
                        label_heading=_("Sentiment"),
                        value_heading=_("Respondents"),
                    )
                )
            for group in breakdowns:
                tables.append(
                    self.add_table(
                        caption=_("%(name)s: by %(heading)s")
                        % {"name": name, "heading": group["heading"].lower()},
                        rows=group["rows"],
                        label_heading=group["heading"],
                        value_heading=_("Respondents"),
                    )
                )
            themes.append(
                {
                    "name": name,
                    "description": summary["description"],
                    "n": n,
                    "N": summary["total"],
                    "share": round(summary["share"] * 100),
                    "finding": self._theme_finding(summary, sentiment),
                    "sentiment": sentiment,
                    "breakdowns": breakdowns,
                    "tables": tables,
                    "quotes": [str(quote) for quote in summary["quotes"]][:5],
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

    @staticmethod
    def _theme_finding(summary, sentiment):
        """One paragraph: how many raised the theme (in plain words), what it is about, and how
        their comments split."""
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
            wording.people_finding(
                n,
                summary["total"],
                noun=_("respondents"),
                verb_phrase=_("raised %(topic)s.") % {"topic": topic},
            )
        ]
        shown = sorted(
            (row for row in sentiment if row["count"]),
            key=lambda row: -_int(row["count"]),
        )
        if shown:
            split = wording.list_in_words(
                f"{row['display']} {row['label'].lower()}" for row in shown
            )
            sentences.append(
                _("Of these %(n)s, the comments were %(split)s in tone.")
                % {"n": f"{n:,}", "split": split}
            )
        if summary["quotes"]:
            sentences.append(_("Typical comments follow."))
        return " ".join(str(sentence) for sentence in sentences)

    @staticmethod
    def _sentiment_rows(sentiment):
        """A {label: respondents} sentiment split as rows (label, count, %)."""
        if not sentiment:
            return []
        pairs = _pairs(sentiment)
        total = sum(_int(count) for _label, count in pairs)
        return [
            {
                "label": str(label).capitalize(),
                "count": count,
                "percentage": percentage(count, total) if isinstance(count, int) else None,
                "value": count if isinstance(count, int) else None,
                "display": f"{count:,}" if isinstance(count, int) else count_display(count),
                "count_display": (f"{count:,}" if isinstance(count, int) else count_display(count)),
            }
            for label, count in pairs
        ]

    @staticmethod
    def _theme_breakdowns(breakdowns, *, total):
        """Breakdowns of a theme ({heading: cells}), as shares of the theme's respondents."""
        return [
            {"heading": str(heading), "rows": breakdown_rows(_pairs(cells), total=total)}
            for heading, cells in breakdowns.items()
            if cells
        ]

    def part_equality(self, part):
        """The equality monitoring summary; counts under 5 are shown as "fewer than 5"."""
        summary = feedback_selectors.equality_summary(consultation=self.consultation)
        returned = summary["total"]  # None when fewer than 5 forms came back
        groups = []
        for question in summary["questions"]:
            pairs = _pairs(question["rows"])
            total = returned if returned is not None else sum(_int(c) for _l, c in pairs)
            rows = breakdown_rows(pairs, total=total)
            groups.append(
                {
                    "heading": question["question"],
                    "rows": rows,
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
        summary = theme_selectors.analysis_method_summary(consultation=self.consultation)
        part.data = {
            "answers_analysed": summary["answers_analysed"],
            "non_answers": summary["non_answers"],
            "answers_pending": summary["answers_pending"],
            "campaign_answers": summary["campaign_answers"],
            "themes_accepted": summary["themes_accepted"],
            "themes_from_coding_frame": summary["themes_from_coding_frame"],
            "themes_discovered": summary["themes_discovered_and_accepted"],
            "retagged": summary["answers_retagged"],
            "last_run_at": summary["last_run_at"],
            "generated_at": self.now,
            "small_count": SMALL_COUNT,
            "bands": wording.band_definitions(),
        }


def build_report_context(report, *, now=None):
    """The template context for a committee report, computed now from stored data."""
    return ReportContextBuilder(report, now=now).build()
