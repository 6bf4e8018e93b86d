"""Demo set-up for open data: the role permissions (the licence keeps its OGL default)."""

from api.roles import grant_role_permissions


def load():
    grant_role_permissions()
