"""Private-link tokens: only hashes are stored; links can be rebuilt from the row and the key."""

from engage import tokens


def test_a_token_is_stored_as_its_sha256():
    stored = tokens.token_hash("abc")
    assert stored == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert tokens.is_hash(stored)
    assert not tokens.is_hash("expired-abc") and not tokens.is_hash("A" * 64)


def test_derived_tokens_differ_by_purpose_and_seed_and_are_url_safe():
    a = tokens.derive("feedback.resume", "seed-1")
    assert a == tokens.derive("feedback.resume", "seed-1")
    assert a != tokens.derive("feedback.withdraw", "seed-1")
    assert a != tokens.derive("feedback.resume", "seed-2")
    assert len(a) == 43 and set(a) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


def test_link_token_is_rebuilt_only_when_the_stored_hash_matches():
    stored = tokens.derived_hash("p", "seed")
    assert tokens.link_token("p", "seed", stored) == tokens.derive("p", "seed")
    assert tokens.link_token("p", "other-seed", stored) == ""
    assert tokens.link_token("p", "seed", tokens.token_hash("an old random token")) == ""
    assert tokens.link_token("p", "seed", "expired-xyz") == ""
    assert tokens.link_token("p", "seed", tokens.placeholder_hash()) == ""


def test_links_survive_a_secret_key_rotation_with_fallbacks(settings):
    stored = tokens.derived_hash("p", "seed")
    token = tokens.derive("p", "seed")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-the-test"
    assert tokens.link_token("p", "seed", stored) == token
    settings.SECRET_KEY_FALLBACKS = []
    assert tokens.link_token("p", "seed", stored) == ""
    # Finding a row never needs the key: the link still hashes to what is stored.
    assert tokens.token_hash(token) == stored
