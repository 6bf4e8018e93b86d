"""The consultations permissions of each staff role: places, registrations, documents, pages."""

from django.apps import apps as global_apps

from engage import roles

SNIPPET_MODELS = [
    "borough",
    "locality",
    "primarycarenetwork",
    "ward",
    "organisation",
    "contactofficer",
    "topic",
]
ACTIONS = ["add", "change", "delete", "view"]

ROLE_PERMISSIONS = {
    roles.CONSULTATION_EDITORS: [
        *[f"consultations.{action}_{model}" for model in SNIPPET_MODELS for action in ACTIONS],
        "consultations.view_registration",
        "consultations.change_registration",
        "consultations.view_all_registrations",
    ],
    # Facilitators see and mark attendance only for the events they facilitate.
    roles.FACILITATORS: [
        "consultations.view_registration",
        "consultations.change_registration",
    ],
}
# The same shape, granted on the root collection: documents and images.
ROLE_COLLECTION_PERMISSIONS = {
    roles.CONSULTATION_EDITORS: [
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
    ],
}
# The same shape, granted on the consultation and event index pages.
ROLE_PAGE_PERMISSIONS = {
    roles.CONSULTATION_EDITORS: [
        "wagtailcore.add_page",
        "wagtailcore.change_page",
        "wagtailcore.publish_page",
    ],
}


def _permission(Permission, dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def grant_role_permissions(apps=global_apps):
    """Give the role groups their model, document and image permissions (safe to run again).

    Takes the migration's ``apps`` so the data migration and the demo loader share one list.
    """
    roles.grant_role_permissions(ROLE_PERMISSIONS, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is None:
        return
    for group_name, permissions in ROLE_COLLECTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for dotted in permissions:
            permission = _permission(Permission, dotted)
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def grant_page_permissions(*, pages):
    """Let the roles that publish edit and publish under the given index pages."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    for group_name, permissions in ROLE_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for dotted in permissions:
            permission = _permission(Permission, dotted)
            for page in pages:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
