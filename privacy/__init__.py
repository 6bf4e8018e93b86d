"""Data protection: what is held about a person, exported or erased at their request."""
