"""Stored themes: the coding frame, tagging of responses, discovery proposals and their review."""
