"""Checks on the interface translations (locale/<language>/LC_MESSAGES/django.po).

A translation that drops or renames a placeholder breaks the page that shows it (a KeyError, or
a sentence with the name or number missing), and a .mo file older than its .po file means the
site shows yesterday's wording. Both are found here, for the system check and the tests.
"""

import gettext
import re
import tempfile
from pathlib import Path

import polib

# %(name)s, %s, {name}: the variables Django and Python fill in.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w+\}")
# Markup that must survive translation (a link, a bold phone number).
TAG = re.compile(r"</?([a-z]+)\b")


def _placeholders(text):
    return set(PLACEHOLDER.findall(text))


def _tags(text):
    return sorted(TAG.findall(text))


def _plural_count(po):
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else None


def entry_problems(entry, *, nplurals):
    """What is wrong with one translated entry: placeholders, markup and plural forms."""
    where = f"msgid {entry.msgid[:60]!r}"
    problems = []
    if entry.msgid_plural:
        forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
        if not any(forms):
            return []
        if nplurals is not None and len(forms) != nplurals:
            problems.append(f"{where}: {len(forms)} plural forms, the header says {nplurals}")
        allowed = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural)
        for form in forms:
            extra = _placeholders(form) - allowed
            if extra:
                problems.append(f"{where}: unknown placeholder {sorted(extra)} in {form!r}")
        # Some languages say "one" or "two" in words, but the general form names the number.
        if forms and _placeholders(forms[-1]) != _placeholders(entry.msgid_plural):
            problems.append(f"{where}: the last plural form must keep every placeholder")
        return problems
    if not entry.msgstr:
        return []
    if _placeholders(entry.msgstr) != _placeholders(entry.msgid):
        problems.append(
            f"{where}: placeholders {sorted(_placeholders(entry.msgstr))} "
            f"instead of {sorted(_placeholders(entry.msgid))}"
        )
    if _tags(entry.msgstr) != _tags(entry.msgid):
        problems.append(f"{where}: markup {_tags(entry.msgstr)} instead of {_tags(entry.msgid)}")
    return problems


def catalogue_problems(po_path):
    """Every problem in one .po file, as sentences naming the entry (empty when it is sound)."""
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as error:
        return [f"{po_path}: cannot be read ({error})"]
    nplurals = _plural_count(po)
    problems = [] if nplurals else [f"{po_path}: no Plural-Forms header"]
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        problems.extend(f"{po_path}: {p}" for p in entry_problems(entry, nplurals=nplurals))
    return problems


def _messages(mo_path):
    with open(mo_path, "rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)  # the header: same content, but its line order may differ
    return catalog


def mo_is_current(po_path):
    """True when the .mo next to ``po_path`` holds exactly the translations in it."""
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return False
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "fresh.mo"
        polib.pofile(str(po_path)).save_as_mofile(str(fresh))
        return _messages(fresh) == _messages(mo_path)


def catalogues(locale_paths):
    """The django.po files under the given locale folders, sorted."""
    return sorted(
        path for folder in locale_paths for path in Path(folder).glob("*/LC_MESSAGES/django.po")
    )
