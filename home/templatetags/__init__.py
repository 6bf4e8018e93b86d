"""Template tags of the site shell."""
