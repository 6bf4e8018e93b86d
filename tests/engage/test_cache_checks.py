"""System checks for the cache settings: a shared page cache, Redis with its client."""


def test_a_per_process_cache_fails_the_deployment_check(settings):
    from engage.checks import check_page_cache_is_shared

    settings.ENGAGE_PAGE_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [message.id for message in check_page_cache_is_shared(None)] == ["engage.W004"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}
    }
    assert check_page_cache_is_shared(None) == []
    settings.ENGAGE_PAGE_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert check_page_cache_is_shared(None) == []


def test_redis_without_its_client_library_is_a_clear_error(settings, monkeypatch):
    import sys

    from engage.checks import check_redis_client_installed

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    monkeypatch.setitem(sys.modules, "redis", None)  # import redis -> ImportError
    messages = check_redis_client_installed(None)
    assert [message.id for message in messages] == ["engage.E001"]
    assert "pip install" in messages[0].hint
