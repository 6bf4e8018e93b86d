"""Kept for migration 0003 and existing imports: the role permissions are in roles.py."""

from consultations.roles import grant_page_permissions, grant_role_permissions

__all__ = ["grant_page_permissions", "grant_role_permissions"]
