"""Development email backend: each message as a readable text file (no MIME encoding)."""

from django.core.mail.backends.filebased import EmailBackend as FileBasedEmailBackend


class ReadableFileEmailBackend(FileBasedEmailBackend):
    """Write the headers and the plain-text body as they are, so links can be copied."""

    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
        ]
        attachments = [
            a[0] if isinstance(a, tuple) else getattr(a, "filename", "")
            for a in message.attachments
        ]
        if attachments:
            lines.append(f"Attachments: {', '.join(name or '(unnamed)' for name in attachments)}")
        lines += ["", message.body, "", "-" * 79, ""]
        self.stream.write("\n".join(lines).encode())
