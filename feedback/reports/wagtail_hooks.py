"""Register the committee report admin with Wagtail."""

from wagtail import hooks

from feedback.reports.viewsets import committee_report_viewset


@hooks.register("register_admin_viewset")
def register_committee_report_viewset():
    return committee_report_viewset
