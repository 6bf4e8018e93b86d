"""The access policy: who may work on which consultation, asked by every view, selector and export.

On the pattern of meinBerlin's predicates and rules: small predicates about a user, and rules
built from them. The rule is: superusers and Consultation editors work on every consultation;
anyone else only on the consultations they are assigned to; and a permission, when one is named,
must be held as well.
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from engage import roles

# Records that belong to one consultation, and the path from each to it. The site history and
# anything else that lists records of several consultations filters through this.
CONSULTATION_PATHS = {
    "feedback.response": "consultation",
    "feedback.answer": "response__consultation",
    "feedback.questionnaire": "consultation",
    "feedback.safeguardingalert": "response__consultation",
    "feedback.consultationassignment": "consultation",
    "themes.theme": "consultation",
    "themes.answertheme": "answer__response__consultation",
    "themes.analysisrun": "consultation",
    "reports.committeereport": "consultation",
    "reports.reportversion": "report__consultation",
}


# --- predicates -----------------------------------------------------------------------------


def is_active_staff(user):
    """Signed in and not deactivated."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_consultation_editor(user):
    """In the Consultation editors group (or a superuser)."""
    if not is_active_staff(user):
        return False
    return user.is_superuser or user.groups.filter(name=roles.CONSULTATION_EDITORS).exists()


def has_permission(user, perm):
    """Holds `perm` ("app_label.codename"), or no permission was asked for."""
    return perm is None or (is_active_staff(user) and user.has_perm(perm))


# --- rules ----------------------------------------------------------------------------------


def sees_every_consultation(*, user, perm=None):
    """True for superusers and Consultation editors holding `perm`."""
    return has_permission(user, perm) and is_consultation_editor(user)


def consultations_visible_to(*, user, perm=None):
    """The consultations `user` may work on with `perm`: every one for editors and superusers,
    the assigned ones for anyone else, none without the permission."""
    from consultations.models import ConsultationPage

    pages = ConsultationPage.objects.all()
    if not is_active_staff(user) or not has_permission(user, perm):
        return pages.none()
    if is_consultation_editor(user):
        return pages
    return pages.filter(assignments__user=user).distinct()


def can_access_consultation(*, user, consultation, perm=None):
    """True when `consultation` is among those `user` may work on with `perm`."""
    if not is_active_staff(user) or not has_permission(user, perm):
        return False
    if is_consultation_editor(user):
        return True
    return consultation.assignments.filter(user=user).exists()


def filter_visible(queryset, *, user, perm=None, path="consultation"):
    """Only the rows of `queryset` whose consultation (reached by `path`) `user` may see."""
    if sees_every_consultation(user=user, perm=perm):
        return queryset
    if not is_active_staff(user) or not has_permission(user, perm):
        return queryset.none()
    visible = consultations_visible_to(user=user).values("pk")
    return queryset.filter(**{f"{path}__in": visible})


def log_entries_visible_to(queryset, *, user):
    """Wagtail log entries without those about another consultation's records.

    Wagtail shows every entry for a model the user holds any permission on, so an analyst would
    read the response references and theme names of consultations not assigned to them.
    """
    if is_consultation_editor(user):
        return queryset
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    hidden = Q()
    for label, path in CONSULTATION_PATHS.items():
        model = apps.get_model(label)
        visible_ids = (
            filter_visible(model.objects.all(), user=user, path=path)
            .annotate(object_key=Cast("pk", CharField()))
            .values("object_key")
        )
        content_type = ContentType.objects.get_for_model(model)
        hidden |= Q(content_type=content_type) & ~Q(object_id__in=visible_ids)
    return queryset.exclude(hidden)
