"""Kept for existing imports: the role permissions are in roles.py."""

from network.roles import grant_involvement_team_permissions

__all__ = ["grant_involvement_team_permissions"]
