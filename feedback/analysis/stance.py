"""Stance towards a proposal: support, oppose, mixed or none, from what the answer says outright."""

import re

SUPPORT = "support"
OPPOSE = "oppose"
MIXED = "mixed"
NONE = "none"
STANCES = (SUPPORT, OPPOSE, MIXED, NONE)

# A question "about a proposal" asks people what they think of a plan or option.
_PROPOSAL_QUESTION_RE = re.compile(
    r"\b(?:propos\w*|plans?|option|options|agree|disagree|support|oppose|in favour|in favor"
    r"|should we|do you think we should|changes? to)\b",
    re.IGNORECASE,
)
_NEGATION = r"(?:not|n't|never|no longer|hardly)"
# Explicit cues only: praise or complaint about today's service says nothing about a plan.
_SUPPORT_RE = re.compile(
    r"\b(?:(?:i|we) (?:fully |strongly |completely |totally |really |would )?"
    r"(?:support|agree|welcome|back)\b|agree with|in (?:favour|favor)|(?:good|great|sensible"
    r"|excellent) idea|sounds (?:good|great|sensible)|makes (?:good |a lot of )?sense"
    r"|long overdue|about time|go ahead with|for the (?:change|proposal|plan)s?"
    r"|support (?:the|this|these) (?:proposal|plan|change|idea|option)s?)",
    re.IGNORECASE,
)
_OPPOSE_RE = re.compile(
    r"\b(?:(?:i|we) (?:strongly |completely |totally |really )?(?:oppose|object|disagree)"
    r"|disagree with|against (?:the|this|these|it|any)|(?:bad|terrible|awful|poor) idea"
    r"|should (?:not|n't) go ahead|please (?:do not|don't|dont) (?:close|cut|move|stop|change)"
    r"|(?:do not|don't|dont) (?:close|cut) |keep (?:\w+ ){0,3}open|save (?:the|our)"
    r"|reconsider|rethink|scrap (?:the|this|these)|no to)\b",
    re.IGNORECASE,
)
# "I don't agree", "we do not support": a negated support cue is opposition.
_NEGATED_SUPPORT_RE = re.compile(
    rf"\b(?:i|we) (?:do|would|could|can|really|just)? ?{_NEGATION} (?:fully |really )?"
    rf"(?:support|agree|welcome|back)\b|\bnot in (?:favour|favor)\b|\bnot (?:a )?(?:good"
    rf"|great|sensible) idea\b",
    re.IGNORECASE,
)
# "The people I support", "clients we support": the people someone looks after, not backing
# for a plan. Taken out before the support cues are read.
_CARED_FOR_RE = re.compile(
    r"\b(?:people|persons?|those|clients?|patients?|famil(?:y|ies)|service users?|users|residents?"
    r"|carers|adults|children|individuals|(?:every|some|any)one|ones)\s+(?:(?:that|whom|who)\s+)?"
    r"(?:i|we)\s+(?:currently |already |also |now )?(?:support|back)\b",
    re.IGNORECASE,
)
# Support with a reservation: "I agree in principle but...", "as long as..."
_CONDITION_RE = re.compile(
    r"\b(?:but|however|although|though|as long as|provided|only if|on condition|in principle"
    r"|concern\w*|worr\w*)\b",
    re.IGNORECASE,
)
_LEADING_ANSWER_RE = re.compile(r"^\W*(yes|yeah|yep|no|nope)\b\W", re.IGNORECASE)


def asks_about_proposal(*, question: str | None) -> bool:
    """Return True when a question asks what people think of a proposal or option."""
    return bool(question and _PROPOSAL_QUESTION_RE.search(question))


# Answers repeat sentences a lot (campaigns, copied text), so each sentence is read once.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")
_CACHE_LIMIT = 200_000
_sentence_cache: dict[str, tuple[bool, bool]] = {}
_ANCHOR_RE = re.compile(
    r"support|agree|welcom|back|favou?r|idea|sound|sense|overdue|about time|ahead|for the"
    r"|oppos|object|against|please|close|cut|keep|save|reconsider|rethink|scrap|no to"
)


def _sentence_cues(sentence: str) -> tuple[bool, bool]:
    """(supports, opposes) for one sentence; no cue crosses a full stop."""
    cues = _sentence_cache.get(sentence)
    if cues is None:
        cues = (False, False)
        # Every cue contains one of these stems; most sentences have none, and then the
        # patterns are not searched at all.
        if _ANCHOR_RE.search(sentence.lower()):
            said = _CARED_FOR_RE.sub(" ", sentence)
            negated = bool(_NEGATED_SUPPORT_RE.search(said))
            supports = bool(_SUPPORT_RE.search(_NEGATED_SUPPORT_RE.sub(" ", said)))
            cues = (supports, negated or bool(_OPPOSE_RE.search(said)))
        if len(_sentence_cache) >= _CACHE_LIMIT:
            _sentence_cache.clear()
        _sentence_cache[sentence] = cues
    return cues


def stance_of(*, text: str, question: str | None = None) -> str:
    """Return support, oppose, mixed or none for an answer to a question about a proposal.

    A known question that is not about a proposal gives "none". With no question, only explicit
    cues count ("I support...", "I don't agree..."); a leading "Yes," / "No," counts only when
    the question is known to be about a proposal.
    """
    proposal = asks_about_proposal(question=question)
    if question is not None and not proposal:
        return NONE
    supports = opposes = False
    for sentence in _SENTENCE_END_RE.split(text):
        s, o = _sentence_cues(sentence)
        supports, opposes = supports or s, opposes or o
    leading = _LEADING_ANSWER_RE.match(text) if proposal else None
    if leading:
        if leading.group(1).lower().startswith("y"):
            supports = True
        else:
            opposes = True
    if supports and opposes:
        return MIXED
    if supports:
        return MIXED if _CONDITION_RE.search(text) else SUPPORT
    if opposes:
        return OPPOSE
    return NONE
