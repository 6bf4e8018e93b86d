"""Give the publishing roles their page permissions as soon as an index page exists.

Without this, a consultation or events index created by hand in the admin would be editable
only by superusers until someone granted the permissions one by one.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from consultations.models import ConsultationIndexPage, EventIndexPage
from consultations.permissions import grant_page_permissions


@receiver(post_save, sender=ConsultationIndexPage)
@receiver(post_save, sender=EventIndexPage)
def grant_roles_on_new_index(sender, instance, created, raw=False, **kwargs):
    """Editors may add, edit and publish under a newly created index page."""
    if created and not raw:
        grant_page_permissions(pages=[instance])
