"""Screening free text for disclosures of risk to self or others (rules, not a model).

The patterns look for first-person or direct disclosures ("I want to end my life", "he hits
me") rather than any mention of a topic, because staff responses talk about suicide prevention
and self-harm services all the time. Known misses are listed in docs/feedback.md.
"""

import re
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

SELF_HARM = "self_harm"
SUICIDE = "suicide"
HARM_TO_OTHERS = "harm_to_others"
ABUSE = "abuse"

CATEGORY_LABELS = {
    SELF_HARM: _("Self-harm"),
    SUICIDE: _("Suicide"),
    HARM_TO_OTHERS: _("Harm to others"),
    ABUSE: _("Abuse"),
}

# Two parts of one disclosure are looked for at most this far apart. An unbounded ".*" after a
# common word ("i", "my") made screening quadratic: 2.4 s for a 10,000-character answer.
_NEAR = r".{0,200}"

_I = r"\b(?:i|i'm|im|i am|i've|ive|i have|i'll|ill|i will|i feel like|i keep)\b"
_ME = r"\b(?:me|myself)\b"

PATTERNS = {
    SUICIDE: [
        r"\b(?:kill|killing|end|ending|take|taking)\s+(?:my\s+(?:own\s+)?life|myself)\b",
        r"\bend(?:ing)?\s+it\s+all\b",
        r"\bi\s*(?:'m|am|feel)\s+(?:feeling\s+)?suicidal\b",
        r"\bsuicidal\s+(?:thoughts|again|feelings)\b"
        + _NEAR
        + r"\b(?:i|me|my)\b|\b(?:i|my)\b"
        + _NEAR
        + r"\bsuicidal\b",
        r"\b(?:better\s+off\s+dead|better\s+off\s+without\s+me)\b",
        r"\b(?:don'?t|do\s+not|no\s+longer)\s+want\s+to\s+(?:be\s+alive|live|be\s+here)\b",
        r"\bno\s+(?:point|reason)\s+(?:in\s+)?(?:living|going\s+on|being\s+alive)\b",
        r"\bplan(?:ning)?\s+(?:to|how\s+to)\s+(?:die|end\s+it)\b",
        r"\bwant\s+to\s+die\b",
    ],
    SELF_HARM: [
        r"\b(?:cut|cutting|burn|burning|hurt|hurting|harm|harming)\s+myself\b",
        _I + r"\s+(?:been\s+|started\s+|started\s+to\s+)?self[-\s]?harm(?:ing|ed)?\b",
        r"\bmy\s+self[-\s]?harm(?:ing)?\b",
        _I + r"\s+(?:took|taken|take)\s+(?:an?\s+)?overdose\b",
        r"\boverdos(?:e|ed|ing)\s+(?:again|last|on)\b" + _NEAR + r"\b(?:i|my)\b",
    ],
    HARM_TO_OTHERS: [
        _I
        + r"\s+(?:going\s+to\s+|gonna\s+|want\s+to\s+|will\s+|could\s+)?(?:kill|hurt|stab|attack|"
        r"shoot|batter)\s+(?:him|her|them|someone|somebody|people|my|the|that|this)\b",
        r"\b(?:kill|hurt|stab|attack)\s+(?:him|her|them|someone|somebody)\s+(?:if|when|before)\b",
        r"\b(?:he|she|they)\s+(?:is|are|'s|'re)\s+going\s+to\s+(?:kill|hurt|stab|attack)\b",
        r"\bthreaten(?:ed|ing)?\s+to\s+(?:kill|hurt|stab)\b",
    ],
    ABUSE: [
        r"\b(?:he|she|they|my\s+\w+)\s+(?:hits|beats|hit|beat|kicks|kicked|chokes|choked|"
        r"slaps|slapped|punches|punched|rapes|raped|abuses|abused|threatens|threatened)\s+"
        r"(?:me|us|my)\b",
        _I + r"\s+(?:being|been|was)\s+(?:abused|hit|beaten|raped|assaulted|groomed)\b",
        r"\b(?:i|we)\s+(?:am|are|was|were|have\s+been)\s+(?:being\s+)?"
        r"(?:abused|hit|beaten|raped|assaulted|neglected|exploited|groomed)\b",
        r"\bdomestic\s+(?:abuse|violence)\b" + _NEAR + r"\b(?:i|me|my)\b\s+(?:am|live|at\s+home)",
        r"\b(?:scared|afraid|frightened)\s+(?:of|to\s+go)\s+(?:home|my\s+(?:partner|husband|wife|"
        r"boyfriend|girlfriend|dad|mum|father|mother|carer))\b",
        r"\b(?:takes|took|controls|controlled)\s+(?:all\s+)?my\s+(?:money|benefits|phone)\b",
        r"\b(?:touched|touches)\s+me\b",
    ],
}

_COMPILED = {
    category: [re.compile(pattern, re.IGNORECASE) for pattern in patterns]
    for category, patterns in PATTERNS.items()
}


def _normalise(text):
    # Curly apostrophes and runs of whitespace would otherwise defeat simple patterns.
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text)


def screen_text(text):
    """Return the sorted list of risk categories the text appears to disclose."""
    if not text:
        return []
    normalised = _normalise(text)
    return sorted(
        category
        for category, patterns in _COMPILED.items()
        if any(pattern.search(normalised) for pattern in patterns)
    )


def screen_texts(texts):
    """Screen several pieces of text; return the union of categories, sorted."""
    found = set()
    for text in texts:
        found.update(screen_text(text))
    return sorted(found)


# Past this many alerts in an hour, each further alert is not emailed on its own but goes into
# an hourly digest: anyone can submit responses, and a flood of alerts must not bury the leads.
ALERTS_EMAILED_PER_HOUR = 10
ALERT_WINDOW = timedelta(hours=1)


def alert_is_coalesced(alert):
    """True when `alert` came after ALERTS_EMAILED_PER_HOUR others within the hour before it."""
    from feedback.models import SafeguardingAlert

    earlier = SafeguardingAlert.objects.filter(
        created_at__gt=alert.created_at - ALERT_WINDOW, created_at__lte=alert.created_at
    ).filter(pk__lt=alert.pk)
    return earlier.count() >= ALERTS_EMAILED_PER_HOUR


def coalesced_alerts(*, since, until):
    """The alerts created in [since, until) that were left for the digest, oldest first."""
    from feedback.models import SafeguardingAlert

    window = list(
        SafeguardingAlert.objects.filter(created_at__gte=since - ALERT_WINDOW, created_at__lt=until)
        .select_related("response")
        .order_by("created_at", "pk")
    )
    coalesced, start = [], 0
    for index, alert in enumerate(window):
        while window[start].created_at <= alert.created_at - ALERT_WINDOW:
            start += 1
        if alert.created_at >= since and index - start >= ALERTS_EMAILED_PER_HOUR:
            coalesced.append(alert)
    return coalesced
