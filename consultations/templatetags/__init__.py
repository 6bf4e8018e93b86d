"""Template tags for consultations and events."""
