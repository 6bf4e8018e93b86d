"""Reads for the API: what the public may see, published results, and staff export rows.

Every public read starts from ``live().public()`` pages, so drafts, unpublished pages and pages
behind a view restriction (and anything under them) never reach the API. Every figure in the
results goes through the one small-number rule (``feedback.analysis.suppression``, through
``feedback.selectors.protected_rows``), the same as the committee report.
"""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.rich_text import expand_db_html

from consultations import selectors as consultation_selectors
from consultations.models import (
    ConsultationPage,
    ConsultationStatus,
    Registration,
    WorkshopEventPage,
)
from engage import access
from feedback import selectors as feedback_selectors
from feedback.analysis import suppression


def public_consultations():
    """Live consultations without a view restriction, with their places and topics prefetched."""
    return (
        ConsultationPage.objects.live()
        .public()
        .select_related("lead_organisation")
        .prefetch_related("boroughs", "topics")
    )


def public_events():
    """Live events without a view restriction, each with ``confirmed_count`` annotated."""
    return (
        WorkshopEventPage.objects.live()
        .public()
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
        .select_related("borough", "locality")
    )


def public_consultation_ids():
    """Ids of the consultations the public may see (to link events to them, or not)."""
    return set(ConsultationPage.objects.live().public().values_list("pk", flat=True))


def published_outcome_consultations():
    """Public consultations whose outcome is published now (the ones with results)."""
    return public_consultations().filter(
        consultation_selectors.status_q(ConsultationStatus.OUTCOME_PUBLISHED, now=timezone.now())
    )


def _cell(row, *, label):
    """One protected count as the API prints it: the number only when it may be shown."""
    return {
        "label": str(label),
        "count": row["count"],
        "percentage": row.get("percentage"),
        "status": row["status"],
        "display": row["display"],
    }


def _protected_total(count):
    """A headline count ("responses", "N"): shown unless it is a small group."""
    table = suppression.protect_each({"total": count})
    cell = table.cells["total"]
    return {
        "count": cell.shown,
        "status": str(cell.status),
        "display": f"{count:,}" if not cell.hidden else feedback_selectors.suppressed_label(),
    }


def question_results(*, consultation):
    """Each closed question with its options' counts, under the suppression rule."""
    results = []
    for number, summary in enumerate(
        feedback_selectors.question_summaries(consultation=consultation), start=1
    ):
        rows = feedback_selectors.protected_options(summary)
        question = summary["question"]
        results.append(
            {
                "number": number,
                "id": question.pk,
                "text": question.text,
                "kind": question.kind,
                "answered": _protected_total(summary["answered"]),
                # Every cell hidden and one could still be worked out: no rows at all.
                "withheld": rows.withheld,
                "options": []
                if rows.withheld
                else [_cell(row, label=row["label"]) for row in rows],
            }
        )
    return results


def theme_results(*, consultation):
    """Accepted themes, biggest first: "n of N", description and approved quotes.

    Themes overlap (one respondent can raise several), so their sizes add up to nothing
    published: each small theme is hidden on its own, as in the committee report. A hidden
    theme prints no quotes, since a quote from a group that small could identify someone.
    """
    from feedback.reports.selectors import quotes_for_report
    from feedback.themes import selectors as theme_selectors
    from feedback.themes.models import Theme

    themes = list(
        Theme.objects.filter(consultation=consultation, status=Theme.Status.ACCEPTED).order_by(
            "name", "pk"
        )
    )
    if not themes:
        return {"respondents": _protected_total(0), "themes": []}
    counts = theme_selectors.respondent_counts(consultation=consultation)
    total = theme_selectors.respondents_total(consultation=consultation)
    themes.sort(key=lambda theme: (-counts.get(theme.pk, 0), theme.name))
    sizes = feedback_selectors.protected_rows(
        [{"count": counts.get(theme.pk, 0)} for theme in themes], additive=False
    )
    quotes = quotes_for_report(consultation=consultation)
    n_total = _protected_total(total)
    items = []
    for theme, size in zip(themes, sizes, strict=True):
        shown = not size["suppressed"] and n_total["count"] is not None
        items.append(
            {
                "id": theme.pk,
                "name": theme.name,
                "description": theme.description,
                "n": size["count"] if shown else None,
                "n_status": size["status"] if n_total["count"] is not None else "small",
                "n_display": size["display"] if shown else feedback_selectors.suppressed_label(),
                "N": n_total["count"],
                "n_of_N": (
                    f"{size['display']} of {n_total['display']}"
                    if shown
                    else f"{feedback_selectors.suppressed_label()} of {n_total['display']}"
                ),
                "quotes": quotes.get(theme.pk, {}).get("approved", [])[:5] if shown else [],
            }
        )
    return {"respondents": n_total, "themes": items}


def consultation_results(*, consultation):
    """Everything published about a consultation's outcome, for the API and the downloads.

    No personal data and no free text except quotes an officer approved. The caller checks
    that the outcome is published.
    """
    total = feedback_selectors.counted_responses(consultation=consultation).count()
    return {
        "consultation": {"id": consultation.pk, "title": consultation.title},
        "outcome_published_at": consultation.outcome_published_at,
        "responses": _protected_total(total),
        "questions": question_results(consultation=consultation),
        "themes": theme_results(consultation=consultation),
        "you_said_we_did": {
            "what_we_heard": expand_db_html(consultation.outcome_heard or ""),
            "what_we_decided": expand_db_html(consultation.outcome_decided or ""),
        },
        "suppression": {
            "threshold": suppression.THRESHOLD,
            "note": feedback_selectors.suppression_note(),
        },
    }


# --- staff exports --------------------------------------------------------------------------

EXPORT_PERMISSION = "feedback.export_responses"


def export_consultations_for(*, user):
    """Consultations a token's owner may export now (the access policy, asked on every use)."""
    return access.consultations_visible_to(user=user, perm=EXPORT_PERMISSION).order_by("pk")


def export_answer_rows(*, consultation, chunk_size=2000):
    """Every answer of a consultation's submitted responses, one dict each, streamed.

    Read with a server-side cursor (``iterator``) as plain values, in response order, so memory
    stays flat however many answers there are. No names, emails or contact details: the
    reference ties answers of one response together.
    """
    from feedback.models import Answer, Response

    rows = (
        Answer.objects.filter(
            response__consultation=consultation, response__status=Response.Status.SUBMITTED
        )
        .order_by("response_id", "question_id", "pk")
        .values_list(
            "response__reference",
            "response__channel",
            "response__submitted_at",
            "response__capacity",
            "response__borough__name",
            "response__locality__name",
            "response__consent_to_quote",
            "question_id",
            "choices",
            "number",
            "text",
        )
    )
    for (
        reference,
        channel,
        submitted_at,
        capacity,
        borough,
        locality,
        consent,
        question_id,
        choices,
        number,
        text,
    ) in rows.iterator(chunk_size=chunk_size):
        yield {
            "response": reference,
            "channel": channel,
            "submitted_at": submitted_at.isoformat() if submitted_at else None,
            "capacity": capacity,
            "borough": borough or "",
            "locality": locality or "",
            "consent_to_quote": consent,
            "question": question_id,
            "choices": choices or [],
            "number": number,
            "text": text,
        }


def export_theme_tag_rows(*, consultation, chunk_size=2000):
    """Every standing theme tag on a consultation's counted answers, streamed."""
    from feedback.themes.models import Theme
    from feedback.themes.selectors import live_tags

    statuses = [Theme.Status.ACCEPTED, Theme.Status.PROPOSED]
    rows = (
        live_tags(consultation=consultation, statuses=statuses)
        .order_by("response_id", "answer_id", "theme_id")
        .values_list(
            "response__reference",
            "answer_id",
            "answer__question_id",
            "theme_id",
            "theme__name",
            "source",
            "score",
        )
    )
    for reference, answer_id, question_id, theme_id, theme_name, source, score in rows.iterator(
        chunk_size=chunk_size
    ):
        yield {
            "response": reference,
            "answer": answer_id,
            "question": question_id,
            "theme": theme_id,
            "theme_name": theme_name,
            "source": source,
            "score": round(score or 0.0, 4),
        }
