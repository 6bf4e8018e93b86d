"""Answers and a run helper shared by the theme service and run tests."""

from feedback.themes import runs
from feedback.themes.models import AnalysisRun, AnswerTheme

WAITING = "The waiting list for therapy is far too long and nobody calls back."
STAFF = "The staff at the clinic were kind and listened to me properly."
BOTH = "Kind staff, but the waiting list was months long before I was seen."
OTHER = "The building needs better signs from the bus stop to the front door."


def run(consultation, kind=AnalysisRun.Kind.FULL, capture=None, **kwargs):
    """Start a run and let the (immediate) task backend run its batches on commit."""
    with capture(execute=True):
        started = runs.analysis_run_start(consultation=consultation, kind=kind, **kwargs)
    started.refresh_from_db()
    return started


def tag_names(response):
    answer = response.answers.order_by("pk").first()
    return sorted(
        AnswerTheme.objects.filter(answer=answer, is_rejected=False).values_list(
            "theme__name", flat=True
        )
    )
