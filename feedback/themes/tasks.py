"""Background tasks: analyse batches of answers in parallel workers, then finish the run."""

from django.tasks import task

from feedback.themes import runs

# Periodic work collected by the scheduler (task path -> seconds between runs).
SCHEDULE = {
    "feedback.themes.tasks.refresh_analyses": 10 * 60,
    "feedback.themes.tasks.resume_stalled_runs": 5 * 60,
}


@task
def analyse_batch(*, batch_id):
    """Analyse one batch of answers; several workers can run different batches at once."""
    return runs.analysis_batch_process(batch_id=batch_id)


@task
def finish_run(*, run_id):
    """Group campaigns and, for discovery runs, propose themes; marks the run finished."""
    run = runs.analysis_run_finish(run_id=run_id)
    return run.status


@task
def refresh_analyses():
    """Tag new answers of consultations that have a coding frame (incremental, cheap)."""
    return [run.pk for run in runs.analysis_refresh_due()]


@task
def resume_stalled_runs():
    """Re-enqueue batches of runs whose worker stopped (killed or restarted) part way."""
    return [run.pk for run in runs.analysis_runs_resume()]
