"""Admin forms for consultation pages (kept apart from forms.py, which imports the models)."""

from wagtail.admin.forms import WagtailAdminPageForm

from engage.users import user_display


class WorkshopEventPageForm(WagtailAdminPageForm):
    """Facilitators are listed as "Name (email)", so two people with one name can be told apart."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitators" in self.fields:
            self.fields["facilitators"].label_from_instance = user_display
