"""Committee reports: context building from selectors, HTML templates and PDF rendering."""
