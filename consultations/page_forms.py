"""Admin forms for consultation pages (kept apart from forms.py, which imports the models)."""

from engage.forms import PageForm
from engage.users import user_display


class WorkshopEventPageForm(PageForm):
    """The page form (control characters removed), with facilitators listed as "Name (email)"
    so that two people with one name can be told apart."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitators" in self.fields:
            self.fields["facilitators"].label_from_instance = user_display
