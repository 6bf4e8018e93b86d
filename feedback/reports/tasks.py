"""Background tasks for committee reports (Django Tasks)."""

from django.tasks import task


@task()
def generate_report_version(version_id):
    """Generate the PDF for one queued report version; safe to run again after a crash."""
    from feedback.reports.services import version_generate

    version = version_generate(version_id=version_id)
    return version.status
