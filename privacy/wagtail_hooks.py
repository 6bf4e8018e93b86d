"""Register the data protection section of the admin."""

from wagtail import hooks

from privacy.viewsets import data_protection_viewset


@hooks.register("register_admin_viewset")
def register_data_protection_viewset():
    return data_protection_viewset
