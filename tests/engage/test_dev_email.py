"""The development email backend writes messages a person can read and copy links from."""

from django.core.mail import EmailMessage

from engage.mail import ReadableFileEmailBackend


def test_dev_email_file_keeps_long_links_on_one_line(tmp_path):
    link = "http://127.0.0.1:8000/accounts/confirm-email/" + "a" * 80 + "/"
    backend = ReadableFileEmailBackend(file_path=str(tmp_path))
    message = EmailMessage(
        "Confirm", f"Go to {link} to confirm.", "a@example.org", ["b@example.org"]
    )
    message.attach("event.ics", b"BEGIN:VCALENDAR", "text/calendar")
    assert backend.send_messages([message]) == 1
    written = next(tmp_path.iterdir()).read_text()
    assert link in written
    assert "Subject: Confirm" in written
    assert "Attachments: event.ics" in written
