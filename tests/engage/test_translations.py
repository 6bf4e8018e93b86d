"""The interface translations: sound placeholders, compiled files up to date, fallbacks."""

import textwrap

import polib
import pytest
from django.conf import settings
from django.core import checks
from django.utils import translation

from engage.translations import catalogue_problems, catalogues, mo_is_current

LANGUAGES = ("pl", "pa", "ar")
CATALOGUES = catalogues(settings.LOCALE_PATHS)


def _po(tmp_path, body, plural_forms="nplurals=3; plural=(n==1 ? 0 : 2);"):
    path = tmp_path / "django.po"
    header = textwrap.dedent(
        f"""\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: {plural_forms}\\n"

        """
    )
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


def test_the_three_community_languages_each_have_a_catalogue():
    assert sorted(path.parent.parent.name for path in CATALOGUES) == sorted(LANGUAGES)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_every_translation_keeps_the_placeholders_and_markup_of_its_english(po_path):
    assert catalogue_problems(po_path) == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_the_compiled_mo_file_matches_its_po_file(po_path):
    assert mo_is_current(po_path), f"run `make messages`: {po_path.with_suffix('.mo')} is stale"


@pytest.mark.parametrize(
    ("language", "nplurals"), [("pl", 3), ("pa", 2), ("ar", 6)], ids=["pl", "pa", "ar"]
)
def test_plural_forms_are_the_languages_own(language, nplurals):
    po = polib.pofile(str(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"))
    assert f"nplurals={nplurals};" in po.metadata["Plural-Forms"].replace(" ", "")
    plural_entries = [e for e in po if e.msgid_plural and any(e.msgstr_plural.values())]
    assert plural_entries
    assert all(len(e.msgstr_plural) == nplurals for e in plural_entries)


def test_a_translation_that_drops_a_placeholder_is_refused(tmp_path):
    path = _po(
        tmp_path,
        """\
        msgid "Your place at %(event)s"
        msgstr "Masz miejsce"
        """,
    )
    [problem] = catalogue_problems(path)
    assert "%(event)s" in problem


def test_a_translation_that_renames_a_placeholder_or_breaks_a_link_is_refused(tmp_path):
    path = _po(
        tmp_path,
        """\
        msgid "Back to %(title)s"
        msgstr "Wróć do %(tytul)s"

        msgid "<a href=\\"%(url)s\\">Register again</a> if your plans change."
        msgstr "Zarejestruj się ponownie: %(url)s"
        """,
    )
    problems = catalogue_problems(path)
    assert len(problems) == 2
    assert "%(tytul)s" in problems[0] and "markup" in problems[1]


def test_a_plural_translation_with_the_wrong_number_of_forms_is_refused(tmp_path):
    path = _po(
        tmp_path,
        """\
        msgid "%(count)d place left"
        msgid_plural "%(count)d places left"
        msgstr[0] "Zostało %(count)d miejsce"
        msgstr[1] "Zostało %(count)d miejsc"
        """,
    )
    assert any("2 plural forms, the header says 3" in p for p in catalogue_problems(path))


def test_a_sound_catalogue_has_no_problems_and_an_untranslated_entry_is_not_one(tmp_path):
    path = _po(
        tmp_path,
        """\
        msgid "Back to %(title)s"
        msgstr "Wróć do: %(title)s"

        msgid "Not translated yet"
        msgstr ""
        """,
    )
    assert catalogue_problems(path) == []


def test_a_stale_mo_file_is_noticed(tmp_path):
    path = _po(tmp_path, 'msgid "Yes"\nmsgstr "Tak"\n')
    po = polib.pofile(str(path))
    po.save_as_mofile(str(path.with_suffix(".mo")))
    assert mo_is_current(path)
    po[0].msgstr = "Jasne"
    po.save()
    assert not mo_is_current(path)


def test_the_deployment_check_refuses_a_broken_catalogue(tmp_path, settings):
    folder = tmp_path / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        _po(tmp_path, 'msgid "Closes on %(date)s"\nmsgstr "Koniec"\n').read_text("utf-8"),
        encoding="utf-8",
    )
    settings.LOCALE_PATHS = [tmp_path]
    errors = checks.run_checks(tags=[checks.Tags.translation], include_deployment_checks=True)
    assert {error.id for error in errors} == {"engage.E010", "engage.E011"}


def test_strings_nobody_has_translated_fall_back_to_english():
    # A staff-only label left untranslated, and words the catalogue has.
    with translation.override("ar"):
        assert translation.gettext("How was it received?") == "How was it received?"
        assert translation.gettext("Send my response") != "Send my response"
    with translation.override("pl"):
        assert translation.gettext("Send my response") == "Wyślij moją odpowiedź"


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("pl", 1, "Zostało 1 miejsce"),
        ("pl", 3, "Zostały 3 miejsca"),
        ("pl", 5, "Zostało 5 miejsc"),
        ("pl", 22, "Zostały 22 miejsca"),
        ("ar", 1, "تبقّى مكان واحد"),
        ("ar", 2, "تبقّى مكانان"),
        ("ar", 7, "تبقّت 7 أماكن"),
        ("ar", 15, "تبقّى 15 مكانًا"),
        ("pa", 4, "4 ਥਾਂਵਾਂ ਬਾਕੀ ਹਨ"),
    ],
)
def test_plurals_follow_each_languages_rules(language, count, expected):
    with translation.override(language):
        text = translation.ngettext("%(count)d place left", "%(count)d places left", count)
    assert text % {"count": count} == expected
