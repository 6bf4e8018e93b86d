"""Build everything a committee report shows, from stored data, at the moment it is generated.

Each appendix part asks the selector that owns its data (feedback, themes, consultations) and
only shapes the answer for the template. When there is nothing to say (no responses, no
themes yet), the part says so in plain words.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback import selectors as feedback_selectors
from feedback.reports import charts
from feedback.reports import selectors as report_selectors
from feedback.reports.models import APPENDIX_PARTS
from feedback.themes import selectors as theme_selectors

# Groups smaller than this are never shown in breakdowns (product rule).
SMALL_COUNT = 5
FEWER_THAN = gettext_lazy("fewer than 5")
# Response fields counted together in one grouped query (the feedback selector's list).
BREAKDOWN_FIELDS = feedback_selectors.BREAKDOWN_FIELDS


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


def _get(obj, *names, default=None):
    """Read the first present attribute or key from a selector row (dict or object)."""
    for name in names:
        if isinstance(obj, Mapping):
            if name in obj and obj[name] is not None:
                return obj[name]
        elif getattr(obj, name, None) is not None:
            return getattr(obj, name)
    return default


def _heading(name):
    """A readable heading from a selector's group name (a field name or a question)."""
    name = str(name)
    return name.replace("_", " ").capitalize() if " " not in name else name


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


def _normalise_counts(result):
    """Turn a `response_counts_by` answer (mapping or list of rows) into (label, count) pairs."""
    if result is None:
        return []
    if isinstance(result, Mapping):
        return [(label, count) for label, count in result.items()]
    pairs = []
    for row in result:
        if isinstance(row, tuple | list):
            pairs.append((row[0], row[1]))
            continue
        label = _get(row, "label", "name", "display", "value", default="")
        count = _get(row, "count", "n", "total", default=0)
        pairs.append((label, count))
    return pairs


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
        return _normalise_counts(self.count_rows(field_name))

    # --- the report --------------------------------------------------------------------------

    def build(self):
        """The full template context."""
        report = self.report
        parts = [self.part(key) for key in report.included_parts()]
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
            "total_responses": self.total,
        }

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
        channel_rows = breakdown_rows(self.counts_by("channel"), total=self.total, suppress=False)
        workshops = report_selectors.consultation_workshops(consultation=consultation, now=self.now)
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
        counts = {
            _get(row, "value"): _get(row, "count", default=0) for row in self.count_rows("capacity")
        }
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
            counts = {
                _get(row, "value"): _get(row, "count", default=0)
                for row in self.count_rows(field_name)
            }
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
            question = _get(summary, "question", default="")
            text = _get(question, "text", "label", "title", default=question)
            options = _get(summary, "options", "choices", default=[])
            answered = _get(summary, "answered", "total", "n", default=None)
            rows = []
            for option in options:
                count = _get(option, "count", "n", default=0)
                share = _get(option, "percentage", "share", default=None)
                if share is None:
                    share = percentage(count, answered)
                rows.append(
                    {
                        "label": str(_get(option, "label", "choice", "value", default="")),
                        "count": count,
                        "percentage": round(share) if share is not None else None,
                        "value": count,
                        "display": f"{count:,}",
                    }
                )
            if answered is None:
                answered = sum(row["count"] for row in rows)
            questions.append(
                {
                    "number": number,
                    "text": str(text),
                    "answered": answered,
                    "rows": rows,
                    "chart": chart_for(rows, title=str(text), unit=_("answers")),
                }
            )
        part.data = {"questions": questions}
        if not questions:
            part.available = False
            part.empty_message = _("This consultation has no closed questions with answers.")

    def part_themes(self, part):
        """Themes by size with n of N, sentiment, differences, quotes; campaigns separately."""
        themes = []
        for summary in theme_selectors.theme_summaries(consultation=self.consultation):
            n = _get(summary, "respondents", "n", "count", default=0)
            total = _get(summary, "total", "N", default=self.total)
            share = _get(summary, "share", default=None)
            # "share" is a fraction (0-1); "percentage" is already out of 100.
            share = share * 100 if share is not None else _get(summary, "percentage")
            if share is None:
                share = percentage(n, total)
            breakdowns = _get(summary, "breakdown", default=None) or {
                _("Capacity"): _get(summary, "by_capacity", default=[]),
                _("Locality"): _get(summary, "by_locality", default=[]),
            }
            themes.append(
                {
                    "name": str(_get(summary, "name", "title", default="")),
                    "description": _get(summary, "description", default=""),
                    "n": n,
                    "N": total,
                    "share": round(share) if share is not None else None,
                    "sentiment": self._sentiment_rows(_get(summary, "sentiment", default={})),
                    "breakdowns": self._theme_breakdowns(breakdowns, total=n),
                    "quotes": [
                        str(_get(quote, "text", "quote", default=quote))
                        for quote in _get(summary, "quotes", default=[])
                    ][:5],
                    "key_phrases": [
                        str(_get(phrase, "phrase", "text", default=phrase))
                        for phrase in _get(summary, "key_phrases", "phrases", default=[])
                    ],
                }
            )
        campaigns = []
        for number, group in enumerate(
            theme_selectors.campaign_groups(consultation=self.consultation), 1
        ):
            campaigns.append(
                {
                    "name": str(_get(group, "name", "title", default=_("Campaign %d") % number)),
                    "n": _get(group, "respondents", "n", "size", "count", default=0),
                    "summary": str(
                        _get(group, "representative_text", "summary", "text", default="")
                    ),
                }
            )
        chart_rows = [
            {"label": theme["name"], "value": theme["n"], "display": f"{theme['n']:,}"}
            for theme in themes
        ]
        part.data = {
            "themes": themes,
            "campaigns": campaigns,
            "chart": (
                chart_for(chart_rows, title=_("Respondents mentioning each theme"))
                if themes
                else None
            ),
        }
        if not themes and not campaigns:
            part.available = False
            part.empty_message = _("No themes have been produced for this consultation yet.")

    @staticmethod
    def _sentiment_rows(sentiment):
        """Sentiment split as rows (label, count, %), whatever shape the selector returns."""
        if not sentiment:
            return []
        pairs = _normalise_counts(sentiment)
        total = sum(_int(count) for _label, count in pairs)
        return [
            {
                "label": str(label).capitalize(),
                "count": count,
                "percentage": percentage(count, total),
            }
            for label, count in pairs
        ]

    @staticmethod
    def _theme_breakdowns(breakdown, *, total):
        """Breakdowns of a theme by capacity and locality (shares of the theme's respondents)."""
        groups = []
        items = breakdown.items() if isinstance(breakdown, Mapping) else breakdown
        for name, counts in items:
            pairs = _normalise_counts(counts)
            if not pairs:
                continue
            groups.append(
                {
                    "heading": _heading(name),
                    "rows": breakdown_rows(pairs, total=total),
                }
            )
        return groups

    def part_equality(self, part):
        """The equality monitoring summary; counts under 5 are shown as "fewer than 5"."""
        summary = feedback_selectors.equality_summary(consultation=self.consultation)
        returned = returned_display = None
        if isinstance(summary, Mapping) and "questions" in summary:
            returned = _get(summary, "total", default=None)
            returned_display = _get(summary, "total_display", default=returned)
            items = summary["questions"]
        else:
            items = summary.items() if isinstance(summary, Mapping) else summary
        groups = []
        for item in items:
            if isinstance(item, tuple):
                name, counts = item
            else:
                name = _get(item, "question", "label", "name", "field", default="")
                counts = _get(item, "rows", "options", "counts", default=[])
            if name in ("total", "returned", "completed"):
                continue
            pairs = _normalise_counts(counts)
            total = returned if isinstance(returned, int) else sum(_int(c) for _l, c in pairs)
            groups.append(
                {
                    "heading": _heading(name),
                    "rows": breakdown_rows(pairs, total=total),
                }
            )
        part.data = {"groups": groups, "returned": returned_display}
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
        summary = theme_selectors.analysis_method_summary(consultation=self.consultation) or {}
        part.data = {
            "answers_analysed": _get(summary, "answers_analysed", default=0),
            "non_answers": _get(summary, "non_answers", default=0),
            "answers_pending": _get(summary, "answers_pending", default=0),
            "campaign_answers": _get(summary, "campaign_answers", default=0),
            "themes_accepted": _get(summary, "themes_accepted", default=0),
            "themes_from_coding_frame": _get(summary, "themes_from_coding_frame", default=0),
            "themes_discovered": _get(summary, "themes_discovered_and_accepted", default=0),
            "retagged": _get(summary, "answers_retagged", "retagged", default=0),
            "last_run_at": _get(summary, "last_run_at", default=None),
            "generated_at": self.now,
            "small_count": SMALL_COUNT,
        }


def build_report_context(report, *, now=None):
    """The template context for a committee report, computed now from stored data."""
    return ReportContextBuilder(report, now=now).build()
