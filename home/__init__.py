"""Home page, plain content pages, site branding and the blocks shared by every StreamField."""
