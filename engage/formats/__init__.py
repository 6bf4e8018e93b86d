"""Date and number formats the site uses in place of Django's own for some languages."""
