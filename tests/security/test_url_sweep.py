"""Every URL that takes an id or a token answers 404 or 400, never 5xx, to hostile values.

The URL resolver is the list: each pattern with a parameter is requested with a huge id, a
negative one, a non-ASCII digit and junk in each parameter, as anonymous, member and staff.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.exceptions import Resolver404

HOSTILE_VALUES = ["99999999999999999999999", "-1", "²", "x'\"<junk>%00"]
# Catch-alls that take the whole path rather than an id or a token.
NOT_IDS = {"django-admin/(?P<url>.*)$", "admin/^.*/$", "^(?P<path>.*)$"}
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _patterns(patterns, prefix=""):
    """(full route text, pattern) for every URL pattern that takes a parameter."""
    for pattern in patterns:
        text = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern) and PARAMETER.search(text):
            yield text, pattern


def _fill(route, value):
    """The route with each parameter replaced by `value`, as a request path."""
    from urllib.parse import quote

    path = PARAMETER.sub(quote(value, safe=""), route)
    # Regex routes: drop the anchors and optional groups' syntax the substitution left.
    path = path.replace("^", "").replace("$", "")
    return "/" + path.lstrip("/")


def hostile_requests():
    """(path, route) for every hostile value in every pattern that resolves back to itself."""
    resolver = get_resolver()
    seen = set()
    for route, pattern in _patterns(resolver.url_patterns):
        if route in NOT_IDS or "(?:" in route or "|" in route:
            continue
        for value in HOSTILE_VALUES:
            path = _fill(route, value)
            try:
                match = resolver.resolve(path)
            except Resolver404:
                continue  # the converter refused it: the resolver's 404, nothing to run
            if match.func is not pattern.callback or path in seen:
                continue
            seen.add(path)
            yield path, route


@pytest.fixture
def people(make_user):
    return {
        "anonymous": None,
        "member": make_user("member@example.org"),
        "staff": make_user("staff@example.org", superuser=True),
    }


@pytest.mark.django_db
def test_sweep_finds_public_admin_and_viewset_patterns():
    routes = {route for _path, route in hostile_requests()}
    assert "workshops/cancel/<str:token>/" in routes
    assert "admin/feedback/<int:consultation_id>/summary/" in routes
    assert "admin/pages/<int:page_id>/edit/" in routes
    assert "admin/responses/inspect/<int:pk>/" in routes
    assert len(routes) > 150


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_hostile_ids_and_tokens_never_give_a_server_error(client, site_with_home, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    client.raise_request_exception = False
    failures = []
    for path, route in hostile_requests():
        response = client.get(path)
        if response.status_code == 405:  # a view that only takes POST looks the id up then
            response = client.post(path)
        if response.status_code >= 500:
            failures.append(f"{path} ({route}): {response.status_code}")
    assert failures == [], "\n".join(failures)
