"""The permissions each staff role needs for places, consultations, events and registrations."""

from django.apps import apps as global_apps

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

# Group name -> (app label, codename) model permissions.
ROLE_MODEL_PERMISSIONS = {
    "Consultation editors": [
        *[("consultations", f"{action}_{model}") for model in SNIPPET_MODELS for action in ACTIONS],
        ("consultations", "view_registration"),
        ("consultations", "change_registration"),
        ("consultations", "view_all_registrations"),
    ],
    # Facilitators see and mark attendance only for the events they facilitate.
    "Facilitators": [
        ("consultations", "view_registration"),
        ("consultations", "change_registration"),
    ],
}
# Group name -> (app label, codename) document and image permissions on the root collection.
ROLE_COLLECTION_PERMISSIONS = {
    "Consultation editors": [
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
    ],
}
# Group name -> page permissions granted on the consultation and event index pages.
ROLE_PAGE_PERMISSIONS = {
    "Consultation editors": ["add_page", "change_page", "publish_page"],
}


def grant_role_permissions(apps=global_apps):
    """Give the role groups their model, document and image permissions (safe to run again).

    Takes the migration's ``apps`` so the data migration and the demo loader share one list.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, permissions in ROLE_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in permissions:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)

    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is None:
        return
    for group_name, permissions in ROLE_COLLECTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in permissions:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def grant_page_permissions(*, pages):
    """Let the roles that publish edit and publish under the given index pages."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    for group_name, codenames in ROLE_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            for page in pages:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )
