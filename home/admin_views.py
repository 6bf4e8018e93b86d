"""Admin views of the site shell: translators' PO file upload (checked, all or nothing)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.views.edit_translation import user_can_edit_instance

from home import translation_files


@require_POST
def translation_po_upload(request, translation_id):
    """In place of wagtail-localize's upload: a clear message for a file that cannot be used
    (a deleted page, another translation's file, broken links or placeholders) and nothing
    half-imported."""
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    try:
        translation = translation_files.translation_for_upload(translation_id=translation_id)
        if not user_can_edit_instance(request.user, translation.get_target_instance()):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            raise translation_files.TranslationFileError(_("Choose a PO file to upload."))
        result = translation_files.po_file_import(
            translation=translation, content=upload.read(), user=request.user
        )
    except translation_files.TranslationFileError as error:
        messages.error(request, str(error))
        return redirect(next_url)
    messages.success(
        request,
        _("Imported %(count)s translated strings from the PO file.") % {"count": result.strings},
    )
    return redirect(next_url)
