"""The engage Django project: settings, URLs and site-wide plumbing."""
