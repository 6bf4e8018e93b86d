"""Every URL that takes an id or a token answers 404 or 400 to hostile values, never 5xx.

The URL resolver is the list: every pattern with a parameter (named or not, route or regex) is
requested with a huge id, a negative one, a non-ASCII digit and junk in every parameter, as
anonymous, member and staff. Staff and members get 404 or 400. An anonymous visitor gets the
same, or, under the admin, the sign-in page that brings them back: the admin asks who is asking
before it looks anything up, whatever the value. (So does the Django admin's catch-all, which
takes a whole path, for members too.)

Staff then get each hostile value in one parameter at a time, beside a real consultation's id
or slug in the others, so that a bad format or section number is refused once the object is
found (someone without access to that object is refused first; the permission matrix covers
that).
"""

from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

HOSTILE_VALUES = ["99999999999999999999999", "-1", "²", "x'\"<junk>%00"]
# Behind the admin's "who is asking" check, which anonymous visitors meet before any lookup.
SIGN_IN_FIRST = ("/admin/", "/django-admin/")
# The Django admin's catch-all takes a path, not an id or a token, and sends everyone who is not
# staff to sign in, whatever the path, so that its list of models cannot be probed
# (AdminSite.final_catch_all_view).
DJANGO_ADMIN_CATCH_ALL = ("/django-admin/",)
NOT_FOUND_OR_BAD = {400, 404}


def _patterns(patterns, prefix=""):
    """(full regex, pattern) for every URL pattern, joined as Django's own reverse() joins them."""
    for pattern in patterns:
        regex = pattern.pattern.regex.pattern
        if prefix and regex.startswith("^"):
            regex = regex[1:]
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + regex)
        elif isinstance(pattern, URLPattern):
            yield prefix + regex, pattern


def parameterised_patterns():
    """(path template, parameter names, pattern) for every pattern that takes a parameter."""
    for regex, pattern in _patterns(get_resolver().url_patterns):
        for template, names in normalize(regex):
            if names:
                yield template, names, pattern


def _reaching(template, values, pattern):
    """The request path for these values, if it reaches the pattern's own view, else None.

    A path a converter refuses is the resolver's own 404 (no view runs); one an earlier pattern
    shadows is that pattern's to answer. A path-like parameter may need its closing slash.
    """
    path = "/" + template % {name: quote(str(value), safe="") for name, value in values.items()}
    for candidate in (path, path + "/"):
        try:
            match = get_resolver().resolve(unquote(candidate))
        except Resolver404:
            continue
        return candidate if match.func is pattern.callback else None
    return None


def hostile_requests():
    """(path, template) with each hostile value in every parameter of every pattern at once."""
    seen = set()
    for template, names, pattern in parameterised_patterns():
        for value in HOSTILE_VALUES:
            path = _reaching(template, dict.fromkeys(names, value), pattern)
            if path and path not in seen:
                seen.add(path)
                yield path, template


def hostile_requests_beside(samples):
    """(path, template) with each hostile value in one parameter at a time, the others taking
    the first of `samples` that still reaches the view (patterns of two or more parameters)."""
    seen = set()
    for template, names, pattern in parameterised_patterns():
        if len(names) < 2:
            continue
        for value in HOSTILE_VALUES:
            for name in names:
                for sample in samples:
                    values = dict.fromkeys(names, sample) | {name: value}
                    path = _reaching(template, values, pattern)
                    if path:
                        if path not in seen:
                            seen.add(path)
                            yield path, template
                        break


def _sign_in_redirect(client, response, path):
    """True when the answer is a redirect (maybe via the admin's sign-in page) to the sign-in
    page, whose `next` brings the visitor back to `path`."""
    sign_in = resolve_url(settings.LOGIN_URL)
    for _hop in range(2):  # the Django admin's own login page redirects on to the sign-in page
        if response.status_code != 302:
            return False
        location = urlsplit(response["Location"])
        next_urls = [unquote(url) for url in parse_qs(location.query).get("next", [])]
        if next_urls != [unquote(path)]:
            return False
        if location.path == sign_in:
            return True
        response = client.get(response["Location"])
    return False


def _failures(client, requests, *, sign_in_first=()):
    failures = []
    for path, template in requests:
        response = client.get(path)
        if response.status_code == 405:  # a view that only takes POST looks the id up then
            response = client.post(path)
        if response.status_code in NOT_FOUND_OR_BAD:
            continue
        if path.startswith(sign_in_first) and _sign_in_redirect(client, response, path):
            continue
        location = response.get("Location", "")
        failures.append(f"{path} ({template}): {response.status_code} {location}")
    return failures


@pytest.fixture
def samples(site_with_home):
    """Real values for the parameters a hostile value is not in: a consultation's id and slug."""
    from tests.factories import ConsultationPageFactory, QuestionnaireFactory

    consultation = ConsultationPageFactory(parent=site_with_home.root_page)
    QuestionnaireFactory(consultation=consultation)
    return (consultation.slug, str(consultation.pk))


@pytest.fixture
def staff_client(client, make_user):
    """A superuser signed in, who also presents a personal API token to the staff API."""
    from api.services import token_create

    staff = make_user("staff@example.org", superuser=True)
    client.force_login(staff)
    _token, raw = token_create(user=staff, name="sweep")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
def test_sweep_finds_every_kind_of_parameterised_pattern(site_with_home):
    templates = {template for _path, template in hostile_requests()}
    assert "workshops/cancel/%(token)s/" in templates
    assert "admin/feedback/%(consultation_id)s/summary/" in templates
    assert "admin/pages/%(page_id)s/edit/" in templates
    assert "admin/responses/inspect/%(pk)s/" in templates
    assert "accounts/confirm-email/%(key)s/" in templates  # a regex route
    assert "documents/%(_0)s/%(_1)s" in templates  # unnamed groups
    assert "%(_0)s" in templates  # Wagtail's page tree, a path
    assert len(templates) > 250


@pytest.mark.django_db
def test_sweep_puts_a_hostile_value_beside_real_ones(samples):
    paths = {path for path, _template in hostile_requests_beside(samples)}
    slug, consultation_id = samples
    assert f"/admin/feedback/{consultation_id}/export/-1/" in paths
    assert f"/respond/{slug}/section/99999999999999999999999/" in paths


@pytest.mark.django_db
def test_hostile_ids_and_tokens_are_not_found_for_anonymous_visitors(client, site_with_home):
    client.raise_request_exception = False
    failures = _failures(client, hostile_requests(), sign_in_first=SIGN_IN_FIRST)
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_hostile_ids_and_tokens_are_not_found_for_members(client, site_with_home, make_user):
    client.force_login(make_user("member@example.org"))
    client.raise_request_exception = False
    requests = list(hostile_requests())
    catch_all = [
        (path, template) for path, template in requests if template == "django-admin/%(url)s"
    ]
    assert len(catch_all) == len(HOSTILE_VALUES)
    failures = [
        *_failures(client, [r for r in requests if r not in catch_all]),
        *_failures(client, catch_all, sign_in_first=DJANGO_ADMIN_CATCH_ALL),
    ]
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_hostile_ids_and_tokens_are_not_found_for_staff(staff_client, samples):
    requests = [*hostile_requests(), *hostile_requests_beside(samples)]
    failures = _failures(staff_client, requests)
    assert failures == [], "\n".join(failures)


def test_a_sign_in_redirect_must_come_back_to_the_same_url(client):
    from django.http import HttpResponseRedirect

    elsewhere = HttpResponseRedirect("/accounts/login/?next=/admin/")
    assert not _sign_in_redirect(client, elsewhere, "/admin/pages/1/edit/")
    back = HttpResponseRedirect("/accounts/login/?next=/admin/pages/1/edit/")
    assert _sign_in_redirect(client, back, "/admin/pages/1/edit/")
