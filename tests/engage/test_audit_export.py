"""The audit log XLSX export keeps working when an event names text with a control character."""

import io

import pytest
from openpyxl import load_workbook

from engage import audit
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_control_character_in_what_an_event_names_leaves_the_xlsx_export_working(
    client, site_with_home, make_user
):
    index = factories.ConsultationIndexPageFactory(parent=site_with_home.root_page)
    # Stored before page forms removed control characters (or by any other way in).
    page = factories.ConsultationPageFactory(parent=index, title="Crisis\x01 care\x1b[31m")
    audit.audit_record(
        user=make_user("alice@example.org"), action=audit.VIEW_PERSONAL_DATA, obj=page
    )
    client.force_login(make_user("admin@example.org", superuser=True))
    export = client.get("/admin/audit-log/?export=xlsx")
    assert export.status_code == 200
    content = b"".join(export.streaming_content) if export.streaming else export.content
    cells = {cell.value for row in load_workbook(io.BytesIO(content)).active for cell in row}
    assert "Crisis care[31m" in cells
