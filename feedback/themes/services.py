"""Officers' decisions on themes and answers' tags: each a logged write (runs are in runs.py)."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from engage import audit
from engage.text import strip_control_characters
from feedback import analysis
from feedback.analysis.coding import name_key, parse_codebook, split_keywords
from feedback.themes import selectors
from feedback.themes.models import AnswerTheme, Theme

MAX_KEYWORDS = 40
NEEDS_DEFINITION = gettext_lazy("Give some keywords or a description so answers can be matched.")


# --- The coding frame ----------------------------------------------------------------------


def clean_keywords(value):
    """Keywords from a list or from text (separated as in an imported frame), tidy and unique."""
    if isinstance(value, str):
        value = split_keywords(value)
    seen = []
    for item in value or []:
        word = " ".join(str(item).split()).strip().lower()
        if word and word not in seen:
            seen.append(word)
    if len(seen) > MAX_KEYWORDS:
        raise ValidationError(_("Give at most %(n)s keywords.") % {"n": MAX_KEYWORDS})
    return seen


def _shows_something(name):
    """False for a name of format characters alone (zero-width spaces, direction marks)."""
    return any(unicodedata.category(ch) not in ("Cf", "Cc", "Zs") for ch in name or "")


def _name_problem(name):
    """Why a (tidied) name cannot be a theme's name, or None."""
    if not _shows_something(name):
        return _("Give the theme a name.")
    if len(name) > Theme.NAME_MAX_LENGTH:
        return _("The name “%(start)s…” is longer than %(n)s characters.") % {
            "start": name[:40],
            "n": Theme.NAME_MAX_LENGTH,
        }
    return None


def clean_name(*, consultation, name, exclude=None):
    """A theme name, tidy, that no other theme of the consultation has (in any case)."""
    name = " ".join((name or "").split())
    if problem := _name_problem(name):
        raise ValidationError(problem)
    clash = Theme.objects.filter(consultation=consultation, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if existing := clash.values_list("name", flat=True).first():
        raise ValidationError(
            _("This consultation already has a theme called “%(name)s”.") % {"name": existing}
        )
    return name


def _check_parent(*, theme, parent):
    if parent is None:
        return None
    if parent.consultation_id != theme.consultation_id:
        raise ValidationError(_("The parent theme must belong to the same consultation."))
    node = parent
    while node is not None:
        if node.pk == theme.pk:
            raise ValidationError(_("A theme cannot be its own parent or ancestor."))
        node = node.parent
    return parent


def _log(instance, action, user, **data):
    """Record a change to themes in the object's history and in the audit log."""
    log(instance=instance, action=action, user=user, data=data)
    audit.audit_record(
        user=user,
        action=audit.THEME_CHANGE,
        obj=instance,
        details={"change": action, **data},
        mirror=False,
    )


def check_definition(*, theme, description, keywords):
    """Refuse to leave a coding-frame theme with neither keywords nor a description: it would
    silently drop out of the frame (see `codebook_for`). A proposal may stay undefined."""
    if theme.status == Theme.Status.ACCEPTED and not keywords and not (description or "").strip():
        raise ValidationError(NEEDS_DEFINITION)


@transaction.atomic
def theme_create(*, consultation, name, user, description="", keywords=(), parent=None):
    """Define a coding-frame theme by hand; it applies to answers from the next run."""
    theme = Theme(
        consultation=consultation,
        name=clean_name(consultation=consultation, name=name),
        description=description.strip(),
        keywords=clean_keywords(keywords),
        origin=Theme.Origin.CODING_FRAME,
        status=Theme.Status.ACCEPTED,
        created_by=user,
        updated_by=user,
    )
    if not theme.keywords and not theme.description:
        raise ValidationError(NEEDS_DEFINITION)
    theme.parent = _check_parent(theme=theme, parent=parent)
    theme.save()
    _log(theme, "wagtail.create", user, name=theme.name, keywords=theme.keywords)
    return theme


@transaction.atomic
def theme_update(*, theme, user, name, description, keywords, parent=None):
    """Rename a theme or change its description, keywords or parent (logged with the change)."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    before = {"name": theme.name, "description": theme.description, "keywords": theme.keywords}
    theme.name = clean_name(consultation=theme.consultation_id, name=name, exclude=theme)
    theme.description = (description or "").strip()
    theme.keywords = clean_keywords(keywords)
    check_definition(theme=theme, description=theme.description, keywords=theme.keywords)
    theme.parent = _check_parent(theme=theme, parent=parent)
    theme.updated_by = user
    theme.save()
    after = {"name": theme.name, "description": theme.description, "keywords": theme.keywords}
    changed = {k: {"from": before[k], "to": after[k]} for k in before if before[k] != after[k]}
    action = "themes.rename" if "name" in changed else "wagtail.edit"
    _log(theme, action, user, changes=changed)
    return theme


@transaction.atomic
def theme_accept(*, theme, user, name=None, description=None, keywords=None):
    """Accept a proposed theme (optionally renamed): it joins the coding frame.

    Its definition is what the officer gives: discovery's key phrases ("staff, person, team")
    are hints for writing one, never copied into the keywords, where they would pull in any
    answer that mentions them.
    """
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.status == Theme.Status.ACCEPTED:
        return theme
    if name and name.strip() != theme.name:
        theme.name = clean_name(consultation=theme.consultation_id, name=name, exclude=theme)
    if description is not None:
        theme.description = description.strip()
    theme.keywords = clean_keywords(keywords or ())
    if not theme.keywords and not theme.description:
        raise ValidationError(
            _(
                "Describe the theme in one sentence (or give keywords) so that new answers can "
                "be matched: discovery's key phrases are only hints."
            )
        )
    theme.status = Theme.Status.ACCEPTED
    theme.updated_by = user
    theme.save()
    _log(theme, "themes.accept", user, name=theme.name, description=theme.description)
    return theme


@transaction.atomic
def theme_drop(*, theme, user):
    """Drop a theme: it leaves the coding frame and its automatic tags go; decisions stay."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.status == Theme.Status.DROPPED:
        return theme
    theme.status = Theme.Status.DROPPED
    theme.updated_by = user
    theme.save()
    removed, _detail = theme.answer_tags.filter(source=AnswerTheme.Source.AUTOMATIC).delete()
    theme.children.update(parent=None)
    _log(theme, "themes.drop", user, name=theme.name, automatic_tags_removed=removed)
    return theme


@transaction.atomic
def theme_merge(*, themes, into, user):
    """Merge themes into one: their live tags move; the target keeps its definition.

    The sources' keywords and key phrases are not copied: the target's definition (what the
    next run applies) stays as its officer wrote it, so a re-run keeps the moved answers that
    fit it or that a person tagged, and records the others as leaving (see `ThemeChange`).
    A person's "not this theme" on a source (a rejected tag) said nothing about the target, so
    it is dropped with the source, never turned into a rejection of the target; the target's
    own decisions stay.
    """
    if any(t.pk == into.pk for t in themes):
        raise ValidationError(_("A theme cannot be merged into itself: choose another theme."))
    if not themes:
        raise ValidationError(_("Choose at least one other theme to merge."))
    into = Theme.objects.select_for_update().get(pk=into.pk)
    sources = list(
        Theme.objects.select_for_update().filter(pk__in=[t.pk for t in themes]).order_by("pk")
    )
    if any(t.consultation_id != into.consultation_id for t in sources):
        raise ValidationError(_("Only themes of the same consultation can be merged."))
    # Dropping says "this is not a theme"; merging would quietly bring its answers back.
    dropped = sorted(t.name for t in [into, *sources] if t.status == Theme.Status.DROPPED)
    if dropped:
        raise ValidationError(
            _("A dropped theme cannot be merged (“%(names)s”): dropping it said it is not a theme.")
            % {"names": "”, “".join(dropped)}
        )
    if into.status == Theme.Status.PROPOSED and any(
        t.status == Theme.Status.ACCEPTED for t in sources
    ):
        raise ValidationError(
            _(
                "Accept “%(name)s” first: a merge keeps the target's definition, and a proposal "
                "has none yet."
            )
            % {"name": into.name}
        )
    existing = dict(into.answer_tags.values_list("answer_id", "pk"))
    names = []
    for source in sources:
        names.append(source.name)
        for tag in source.answer_tags.filter(is_rejected=False):
            if tag.answer_id not in existing:
                tag.theme = into
                tag.save(update_fields=["theme"])
                existing[tag.answer_id] = tag.pk
            elif tag.source == AnswerTheme.Source.MANUAL:
                # A person who tagged the answer with a source confirms the target's
                # automatic tag (the source's removals were left out above).
                target = AnswerTheme.objects.get(pk=existing[tag.answer_id])
                if target.source == AnswerTheme.Source.AUTOMATIC:
                    target.source = tag.source
                    target.reviewed_by = tag.reviewed_by
                    target.reviewed_at = tag.reviewed_at
                    target.model_tagged = True
                    target.model_confidence = target.confidence
                    target.save()
        source.children.exclude(pk=into.pk).update(parent=into)
        _log(source, "themes.merge", user, into=into.name, into_id=into.pk)
        source.delete()  # with the tags left behind: its removals and duplicates
    into.updated_by = user
    into.save(update_fields=["updated_by", "updated_at"])
    _log(into, "themes.merge", user, merged=names)
    return into


@transaction.atomic
def theme_split(*, theme, user, name, keywords=(), answer_ids=(), description=""):
    """Split a theme: answers matching the chosen keywords, or chosen answers, move to a new one.

    The chosen keywords move to the new theme. Only live tags move (automatic ones and themes a
    person added); a person's "not this theme" decisions (rejected tags) stay on this theme, where
    they were made, so the split neither tags the new theme with a rejected answer nor lets a
    re-run put the answer back on this theme.
    """
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    keywords = clean_keywords(keywords)
    answer_ids = {int(a) for a in answer_ids}
    if not keywords and not answer_ids:
        raise ValidationError(_("Choose keywords or answers for the new theme."))
    new = Theme(
        consultation_id=theme.consultation_id,
        name=clean_name(consultation=theme.consultation_id, name=name),
        description=description.strip(),
        keywords=keywords,
        parent=theme.parent,
        origin=theme.origin,
        status=theme.status,
        created_by=user,
        updated_by=user,
    )
    new.save()
    tags = theme.answer_tags.filter(is_rejected=False).select_related("answer")
    moving = []
    if keywords:
        codebook = parse_codebook(data={"themes": [{"name": new.name, "keywords": keywords}]})
        candidates = list(tags)
        found = analysis.process_batch(
            responses=[
                analysis.Response(id=str(t.answer_id), text=t.answer.themed_text)
                for t in candidates
            ],
            codebook=codebook,
        )
        moving += [t for t, a in zip(candidates, found, strict=True) if a.coded_themes]
    if answer_ids:
        moving += [t for t in tags.filter(answer_id__in=answer_ids) if t not in moving]
    for tag in moving:
        tag.theme = new
        tag.save(update_fields=["theme"])
    theme.keywords = [k for k in theme.keywords if k not in keywords]
    theme.updated_by = user
    theme.save()
    _log(theme, "themes.split", user, new=new.name, new_id=new.pk, answers_moved=len(moving))
    _log(new, "wagtail.create", user, split_from=theme.name, keywords=keywords)
    return new


# --- Re-tagging one answer -----------------------------------------------------------------


def _check_retaggable(answer):
    """Refuse to tag a draft, withdrawn or unanalysed answer (see `retaggable_answers`)."""
    if not selectors.retaggable_answers().filter(pk=answer.pk).exists():
        raise ValidationError(_("Only analysed answers of submitted responses can be re-tagged."))


def _decide(*, answer, theme, user, rejected):
    """Record a person's decision on a tag, keeping what the analysis had said (for agreement)."""
    if theme.consultation_id != answer.response.consultation_id:
        raise ValidationError(_("That theme belongs to another consultation."))
    _check_retaggable(answer)
    tag, created = AnswerTheme.objects.select_for_update().get_or_create(
        answer=answer,
        theme=theme,
        defaults={"score": 0.0 if rejected else 1.0, "response_id": answer.response_id},
    )
    was_automatic = not created and tag.source == AnswerTheme.Source.AUTOMATIC
    if created or was_automatic:
        # A second decision on the same tag keeps what the analysis said before the first.
        tag.model_tagged = was_automatic
        tag.model_confidence = tag.confidence if was_automatic else None
    tag.source = AnswerTheme.Source.MANUAL
    tag.is_rejected = rejected
    tag.reviewed_by = user
    tag.reviewed_at = timezone.now()
    tag.save()
    return tag, was_automatic


@transaction.atomic
def answer_theme_add(*, answer, theme, user):
    """A person says this answer is about this theme (adding it, or confirming the analysis's
    tag); a re-run will not remove it, and the next runs learn from it."""
    if theme.status == Theme.Status.DROPPED:
        raise ValidationError(_("That theme has been dropped."))
    tag, was_automatic = _decide(answer=answer, theme=theme, user=user, rejected=False)
    action = "themes.tag_confirm" if was_automatic else "themes.tag_add"
    _log(tag, action, user, answer=answer.pk, theme=theme.name)
    return tag


@transaction.atomic
def answer_theme_remove(*, answer, theme, user):
    """A person says this answer is not about this theme; the removal is kept across re-runs,
    and the next runs learn from it."""
    tag, _was_automatic = _decide(answer=answer, theme=theme, user=user, rejected=True)
    _log(tag, "themes.tag_remove", user, answer=answer.pk, theme=theme.name)
    return tag


# --- Importing a coding frame --------------------------------------------------------------


def _frame_errors(*, consultation, themes):
    """Every problem with an imported frame, so the officer can fix the file in one go."""
    errors = []
    seen = {}
    existing = {
        name_key(n): n
        for n in Theme.objects.filter(consultation=consultation).values_list("name", flat=True)
    }
    for number, item in enumerate(themes, start=1):
        name = item["name"]
        if not _shows_something(name):
            errors.append(_("Theme %(n)s has no name.") % {"n": number})
            continue
        if problem := _name_problem(name):
            errors.append(problem)
            continue
        if name_key(name) in seen:
            errors.append(
                _("“%(name)s” appears twice (themes %(first)s and %(n)s).")
                % {"name": name, "first": seen[name_key(name)], "n": number}
            )
        seen.setdefault(name_key(name), number)
        if name_key(name) in existing:
            errors.append(
                _("This consultation already has a theme called “%(name)s”.")
                % {"name": existing[name_key(name)]}
            )
        if not item["keywords"] and not item["description"]:
            errors.append(
                _("“%(name)s” is empty: give it a description or keywords.") % {"name": name}
            )
    for item in themes:
        parent = item["parent"]
        if parent and name_key(parent) not in seen and name_key(parent) not in existing:
            errors.append(
                _("“%(name)s” names a parent theme that does not exist: “%(parent)s”.")
                % {"name": item["name"], "parent": parent}
            )
    return errors


@transaction.atomic
def coding_frame_import(*, consultation, user, themes):
    """Add an existing coding frame's themes ({name, description, keywords, parent} each).

    All or nothing: a frame with duplicate or clashing names, an empty theme or an unknown
    parent is refused with every problem listed, and nothing is saved.
    """

    def text(value):
        # A file's text is saved as the admin's forms save it: without control characters.
        if isinstance(value, list | tuple):
            return [text(item) for item in value]
        return strip_control_characters(str(value or ""))

    themes = [
        {
            "name": " ".join(text(item.get("name")).split()),
            "description": text(item.get("description")).strip(),
            "keywords": clean_keywords(text(item.get("keywords") or ())),
            "parent": " ".join(text(item.get("parent")).split()),
        }
        for item in themes
    ]
    if not themes:
        raise ValidationError(_("The file has no themes."))
    errors = _frame_errors(consultation=consultation, themes=themes)
    if errors:
        raise ValidationError(errors)
    created = {}
    for item in themes:
        created[name_key(item["name"])] = theme = Theme.objects.create(
            consultation=consultation,
            name=clean_name(consultation=consultation, name=item["name"]),
            description=item["description"],
            keywords=item["keywords"],
            origin=Theme.Origin.CODING_FRAME,
            status=Theme.Status.ACCEPTED,
            created_by=user,
            updated_by=user,
        )
        _log(theme, "themes.import", user, name=theme.name, keywords=theme.keywords)
    by_name = {
        name_key(t.name): t for t in Theme.objects.filter(consultation=consultation)
    } | created
    for item in themes:
        if item["parent"]:
            theme = created[name_key(item["name"])]
            theme.parent = _check_parent(theme=theme, parent=by_name[name_key(item["parent"])])
            theme.save(update_fields=["parent"])
    return list(created.values())
