"""WSGI entry point (gunicorn engage.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings.dev")

application = get_wsgi_application()


def _warm_up():
    """Load the URL configuration now rather than in someone's first request.

    Loading it imports every view, and through the theme and report admin the analysis
    libraries (scikit-learn, SciPy, NLTK): several seconds. Done here, it happens once in the
    gunicorn master with --preload (workers are forked warm and share the memory), or as each
    worker boots, before it accepts a request. No database connection is left open, so none is
    shared between forked workers.
    """
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the attribute loads the URLconf
    connections.close_all()


_warm_up()
