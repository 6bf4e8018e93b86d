"""The shared per-address rate limit."""

from django.test import RequestFactory

from engage import ratelimit


def _request(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_counts_per_address_and_scope_and_stops_over_the_limit():
    a, b = _request("198.51.100.1"), _request("198.51.100.2")
    assert [ratelimit.allow(a, "test.scope", limit=2, window=600) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert ratelimit.allow(b, "test.scope", limit=2, window=600)
    assert ratelimit.allow(a, "test.other", limit=2, window=600)


def test_limits_come_from_settings_and_zero_turns_them_off(settings):
    request = _request("198.51.100.3")
    assert ratelimit.limit_for("consultations.register") == (60, 600)
    settings.ENGAGE_RATE_LIMITS = {"consultations.register": (0, 600)}
    assert all(ratelimit.allow(request, "consultations.register") for _ in range(100))


def test_the_address_is_never_kept_in_the_cache_key(settings):
    from django.core.cache import cache

    ratelimit.allow(_request("203.0.113.9"), "test.scope", limit=5, window=600)
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("203.0.113.9" in key for key in keys)


def test_the_address_is_the_one_a_declared_proxy_saw_and_never_a_forged_header(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.9"
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_address(request) == "10.0.0.2"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_address(request) == "198.51.100.9"
    garbled = RequestFactory().post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="nonsense")
    assert ratelimit.client_address(garbled) == "10.0.0.2"
