"""Demo content: a committee report on the MINT staff consultation, with one generated PDF."""

import datetime

from consultations.models import ConsultationPage
from feedback.reports.models import CommitteeReport, ReportVersion
from feedback.reports.roles import ensure_report_permissions

MINT_SLUG = "mint-staff-consultation"
DEMO_SUBJECT = "Mental health integrated network teams: what staff told us"

SUMMARY = (
    "<p>This report sets out how the trust asked its community mental health staff about moving "
    "into place-based teams aligned with primary care networks, and what they said.</p>"
    "<p>It follows the informal staff consultation and the workshops held in each locality. The "
    "themed summary of every response is attached as Appendix 1.</p>"
)
RECOMMENDATIONS = [
    "For the Committee to note the findings of the staff consultation set out in Appendix 1.",
    "For the Committee to comment on the proposed next steps before the teams go live.",
]
VALUES = [
    (
        "Creating a compassionate council",
        "Helping residents with a wide range of mental health needs find support close to home, "
        "from NHS, council and voluntary-sector services working as one.",
    ),
    (
        "Doing things with local residents, not to them",
        "Designing the new teams with the staff who will work in them and with people who use "
        "the services, through workshops and an open questionnaire.",
    ),
    (
        "Taking pride in our borough",
        "Making sure the borough is known for a caring, joined-up mental health partnership.",
    ),
]
SECTIONS = [
    (
        "Background",
        "<p>National guidance asks community mental health services to move away from separate, "
        "hard-to-reach teams towards joined-up care organised around where people live.</p>"
        "<p>Primary care networks, groups of GP practices each serving about 30,000 to 50,000 "
        "people, are the building block for this new way of working.</p>",
    ),
    (
        "The proposal",
        "<p>The trust proposes one integrated team for each locality, bringing together primary "
        "and secondary care mental health staff with psychology, occupational therapy, community "
        "link workers and peer support workers.</p>"
        "<p>Each team would have a manager and would work closely with the practices, voluntary "
        "organisations and community groups in its area.</p>",
    ),
    (
        "How we consulted",
        "<p>Staff could respond online, anonymously if they wished, or on paper, and were invited "
        "to workshops in each locality. The figures in Appendix 1 come straight from the "
        "platform's records.</p>",
    ),
    (
        "Funding",
        "<p>Transformation funding covers the first phase. Longer-term funding is expected to "
        "rise over the next three years in line with the national plan.</p>",
    ),
]


def load(*, generate=True):
    """Create (or leave alone) the MINT committee report and one PDF version; idempotent."""
    ensure_report_permissions()
    consultation = ConsultationPage.objects.filter(slug=MINT_SLUG).first()
    if consultation is None:
        return None
    report = CommitteeReport.objects.filter(consultation=consultation, subject=DEMO_SUBJECT).first()
    if report is None:
        from feedback.reports.services import report_defaults

        report = CommitteeReport(
            consultation=consultation,
            # The council (a partner of the trust's consultation) heads its committee's report.
            council_name=report_defaults(consultation=consultation)["council_name"],
            report_to="Health and Social Care Policy and Accountability Committee",
            meeting_date=(consultation.closes_at + datetime.timedelta(days=42)).date(),
            subject=DEMO_SUBJECT,
            report_of="Assistant Director, Mental Health and Learning Disability Services",
            responsible_director="Director of Adult Social Care",
            summary=SUMMARY,
            recommendations=[("recommendation", text) for text in RECOMMENDATIONS],
            values_heading="Our values",
            values=[("value", {"value": value, "alignment": text}) for value, text in VALUES],
            sections=[("section", {"title": title, "body": body}) for title, body in SECTIONS],
        )
        if consultation.contact_officer:
            report.contact_officers = [consultation.contact_officer]
        report.save()
    if generate and not report.versions.filter(status=ReportVersion.Status.SUCCEEDED).exists():
        from feedback.reports.services import version_generate

        version = report.versions.order_by("-number").first() or ReportVersion.objects.create(
            report=report, number=1
        )
        version_generate(version_id=version.pk)
    return report
