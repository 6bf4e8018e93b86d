"""Reads of themes and analysis results: review screens and the committee report call these."""

from collections import defaultdict
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.utils.translation import gettext_lazy as _

from consultations.selectors import locality_labels
from feedback import analysis
from feedback.analysis import suppression
from feedback.analysis.stance import MIXED as STANCE_MIXED
from feedback.analysis.stance import OPPOSE as STANCE_OPPOSE
from feedback.analysis.stance import SUPPORT as STANCE_SUPPORT
from feedback.analysis.stance import asks_about_proposal as question_asks_about_proposal
from feedback.analysis.theme_checks import MAX_THEMES, ThemeSetWarning, check_theme_counts
from feedback.models import Answer, Question, Response
from feedback.selectors import (  # awaiting_translation_count: used here and by the report
    awaiting_translation,
    awaiting_translation_count,
    free_text_answer_count,
    free_text_answers,
    protected_rows,
    questions_for,
)
from feedback.themes.models import AnalysisRun, AnswerAnalysis, AnswerTheme, Theme, ThemeChange

MAX_QUOTES = 3
# Quotes are chosen from the best-scoring consented candidates only, so big themes stay cheap.
QUOTE_CANDIDATES = 200
KEY_PHRASES = 5
# Key phrases are ranked from each theme's most strongly tagged answers, so big themes stay cheap.
KEY_PHRASE_SAMPLE = 300
NOT_GIVEN = "not_given"


def analysable_answers(*, consultation):
    """Free-text answers with some text, from submitted (not withdrawn or draft) responses,
    in English or translated into it: an answer in another language waits for its English
    rather than being themed by words the analysis cannot read."""
    return free_text_answers(consultation=consultation).exclude(awaiting_translation())


def _uncounted_responses(consultation):
    from feedback.selectors import uncounted_responses

    return uncounted_responses(consultation=consultation)


def uncounted_answers(*, consultation):
    """Answers whose analysis says they do not count for theming (usually few): non-answers,
    and campaign copies other than each group's representative."""
    return (
        AnswerAnalysis.objects.filter(consultation=consultation)
        .filter(Q(non_answer=True) | (~Q(campaign_group="") & Q(is_campaign_representative=False)))
        .values("answer_id")
    )


def counted_analyses(*, consultation):
    """Analyses that count for theming: real answers, one per campaign group, still submitted."""
    return (
        AnswerAnalysis.objects.filter(consultation=consultation, non_answer=False)
        .filter(Q(campaign_group="") | Q(is_campaign_representative=True))
        .exclude(response__in=_uncounted_responses(consultation))
    )


def _counted_analysis(answer):
    """The analysis of `answer` (an OuterRef) when it counts for theming, for Exists()."""
    return AnswerAnalysis.objects.filter(answer_id=answer, non_answer=False).filter(
        Q(campaign_group="") | Q(is_campaign_representative=True)
    )


def live_tags(*, consultation, statuses=(Theme.Status.ACCEPTED,)):
    """Tags that stand (not rejected by a person) on counted answers, for themes in statuses.

    Written so the database can walk a theme's tags in index order and check each one with two
    index look-ups (its analysis, its response's status), without reading the answer.
    """
    themes = Theme.objects.filter(consultation=consultation, status__in=statuses).values("pk")
    return (
        AnswerTheme.objects.filter(theme__in=themes, is_rejected=False)
        .exclude(response__in=_uncounted_responses(consultation))
        .filter(Exists(_counted_analysis(OuterRef("answer_id"))))
    )


def respondents_total(*, consultation):
    """N: respondents with at least one analysable free-text answer that counts for theming."""
    return counted_analyses(consultation=consultation).values("response").distinct().count()


def answers_pending(*, consultation):
    """Free-text answers of submitted responses that have not been analysed yet.

    Every analysis is of such an answer, so this is a difference of two indexed counts rather
    than a look-up per answer.
    """
    return _pending(consultation=consultation, analysed=_analysed(consultation).count())


def _analysed(consultation):
    """Analyses of answers from submitted responses."""
    return AnswerAnalysis.objects.filter(consultation=consultation).exclude(
        response__in=_uncounted_responses(consultation)
    )


def _pending(*, consultation, analysed, awaiting=None):
    # Answers awaiting translation are not pending: a run would leave them out again.
    if awaiting is None:
        awaiting = awaiting_translation_count(consultation=consultation)
    answers = free_text_answer_count(consultation=consultation) - awaiting
    return max(answers - analysed, 0)


def latest_run(*, consultation):
    """The most recent analysis run of the consultation, or None."""
    return AnalysisRun.objects.filter(consultation=consultation).order_by("-created_at").first()


def review_overview(*, consultations):
    """Rows for the themes index: each consultation, its theme counts and its latest run.

    A fixed number of queries however many consultations there are.
    """
    latest = (
        AnalysisRun.objects.filter(consultation=OuterRef("pk")).order_by("-created_at").values("pk")
    )
    pages = list(
        consultations.annotate(
            accepted_count=Count(
                "themes", filter=Q(themes__status=Theme.Status.ACCEPTED), distinct=True
            ),
            proposed_count=Count(
                "themes", filter=Q(themes__status=Theme.Status.PROPOSED), distinct=True
            ),
            latest_run_id=Subquery(latest[:1]),
        )
    )
    runs = AnalysisRun.objects.in_bulk([page.latest_run_id for page in pages if page.latest_run_id])
    return [
        {
            "consultation": page,
            "themes": page.accepted_count,
            "proposals": page.proposed_count,
            "run": runs.get(page.latest_run_id),
        }
        for page in pages
    ]


def themes_awaiting_review(*, consultation):
    """How many of a consultation's themes are proposed and not yet reviewed by an officer."""
    return Theme.objects.filter(consultation=consultation, status=Theme.Status.PROPOSED).count()


def themes_for_review(*, consultation):
    """Themes of a consultation grouped by status, each with its live respondent count."""
    themes = (
        Theme.objects.filter(consultation=consultation).select_related("parent").order_by("name")
    )
    counts = _respondent_counts(consultation=consultation, statuses=[s.value for s in Theme.Status])
    grouped = {status.value: [] for status in Theme.Status}
    for theme in themes:
        theme.respondents = counts.get(theme.pk, 0)
        grouped[theme.status].append(theme)
    for status in (Theme.Status.ACCEPTED, Theme.Status.PROPOSED):
        grouped[status].sort(key=lambda t: (-t.respondents, t.name))
    return grouped


def _respondent_rows(*, consultation, statuses, theme_sets=False, stance=False, only=None):
    """Respondents per theme, sentiment, capacity and locality, counted in one database query.

    Each respondent counts once per theme, with the mean polarity of their tagged answers for
    that theme (as `label_for` would label it). The inner query groups the live tags by theme
    and respondent; the outer one counts those respondents by theme, sentiment, capacity and
    locality, so a few hundred rows come back however many people responded. Tags carry their
    response and are read in (theme, response) order from an index, so the inner grouping needs
    no sort; the only per-tag look-ups are two index entries: the analysis, and the response
    in `response_by_id_idx` (found by consultation, status and id, it holds the capacity and
    locality, so the response row is not read; they are the same for every tag of a
    respondent, hence MAX).
    Returns ``[(theme_id, sentiment, capacity, locality_id, respondents)]``.

    With `theme_sets` (at most MASK_THEMES themes), the same scan also counts respondents by
    the set of themes they raised, for the theme-set checks: each set is an integer with bit i
    for the i-th theme id in order. Returns ``(rows, [(set, respondents)])`` then.

    With `stance`, the same scan also counts respondents per theme by their stance towards the
    proposal, and ``[(theme_id, stance, respondents)]`` comes last in the returned tuple. Each
    respondent counts once per theme: mixed if any of their answers in it is mixed or they both
    support and oppose, else support or oppose; respondents whose answers state no stance are
    not in the split. `only` (a theme id) counts that theme alone.
    """
    themes_wanted = Theme.objects.filter(consultation=consultation, status__in=statuses)
    if only is not None:
        themes_wanted = themes_wanted.filter(pk=only)
    theme_ids = list(themes_wanted.values_list("pk", flat=True))
    if not theme_ids:
        if theme_sets:
            return ([], [], []) if stance else ([], [])
        return ([], []) if stance else []
    theme_ids.sort()
    quote = connection.ops.quote_name
    tag = quote(AnswerTheme._meta.db_table)
    analysis_table = quote(AnswerAnalysis._meta.db_table)
    response = quote(Response._meta.db_table)
    themes = ", ".join(["%s"] * len(theme_ids))
    # Without table statistics SQLite would read the response row by its rowid; the covering
    # index answers from the index alone (PostgreSQL chooses for itself).
    by_id = " INDEXED BY response_by_id_idx" if connection.vendor == "sqlite" else ""
    sql = f"""
        WITH per_respondent AS (
            SELECT t.theme_id AS theme_id, t.response_id AS response_id,
                   AVG(a.polarity) AS polarity,
                   MAX(CASE WHEN a.stance = %s THEN 1 ELSE 0 END) AS supports,
                   MAX(CASE WHEN a.stance = %s THEN 1 ELSE 0 END) AS opposes,
                   MAX(CASE WHEN a.stance = %s THEN 1 ELSE 0 END) AS mixed,
                   MAX(r.capacity) AS capacity, MAX(r.locality_id) AS locality_id
            FROM {tag} t
            INNER JOIN {analysis_table} a ON a.answer_id = t.answer_id
            INNER JOIN {response} r{by_id} ON r.id = t.response_id
            WHERE t.theme_id IN ({themes}) AND t.is_rejected = %s
              AND r.consultation_id = %s AND r.status = %s AND a.non_answer = %s
              AND (a.campaign_group = '' OR a.is_campaign_representative = %s)
            GROUP BY t.theme_id, t.response_id
        )
        SELECT theme_id, CASE WHEN polarity > %s THEN 'positive'
                              WHEN polarity < %s THEN 'negative' ELSE 'neutral' END,
               capacity, locality_id, COUNT(*), NULL, NULL
        FROM per_respondent
        GROUP BY 1, 2, 3, 4
    """  # noqa: S608 - only table names from model metadata and placeholders are interpolated
    params = [
        STANCE_SUPPORT,
        STANCE_OPPOSE,
        STANCE_MIXED,
        *theme_ids,
        False,
        getattr(consultation, "pk", consultation),
        Response.Status.SUBMITTED,
        False,
        True,
        analysis.POSITIVE_THRESHOLD,
        analysis.NEGATIVE_THRESHOLD,
    ]
    count_sets = theme_sets and len(theme_ids) <= MASK_THEMES
    if count_sets:
        bits = " ".join(["WHEN %s THEN %s"] * len(theme_ids))
        # Each (theme, respondent) is one row of per_respondent, so the bits simply add up.
        sql += f"""
        UNION ALL
        SELECT NULL, NULL, NULL, NULL, COUNT(*), themes, NULL FROM (
            SELECT SUM(CASE theme_id {bits} END) AS themes
            FROM per_respondent GROUP BY response_id
        ) sets
        GROUP BY themes
        """  # noqa: S608 - only placeholders are interpolated
        params += [
            value for index, theme_id in enumerate(theme_ids) for value in (theme_id, 1 << index)
        ]
    if stance:
        # One row per (theme, respondent) again: their stance across that theme's answers.
        sql += """
        UNION ALL
        SELECT theme_id, NULL, NULL, NULL, COUNT(*), NULL, stance FROM (
            SELECT theme_id,
                   CASE WHEN mixed = 1 OR (supports = 1 AND opposes = 1) THEN %s
                        WHEN supports = 1 THEN %s WHEN opposes = 1 THEN %s END AS stance
            FROM per_respondent
        ) stances
        WHERE stance IS NOT NULL
        GROUP BY theme_id, stance
        """
        params += [STANCE_MIXED, STANCE_SUPPORT, STANCE_OPPOSE]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows = [row[:5] for row in fetched if row[0] is not None and row[6] is None]
    stances = [(row[0], row[6], row[4]) for row in fetched if row[6] is not None]
    if not theme_sets:
        return (rows, stances) if stance else rows
    sets = None
    if count_sets:
        # PostgreSQL sums integers as a bigint or numeric: int() either way.
        sets = [
            (tuple(t for index, t in enumerate(theme_ids) if int(row[5] or 0) >> index & 1), row[4])
            for row in fetched
            if row[0] is None
        ]
    return (rows, sets, stances) if stance else (rows, sets)


def _respondent_counts(*, consultation, statuses):
    counts = defaultdict(int)
    for theme_id, _sentiment, _capacity, _locality, n in _respondent_rows(
        consultation=consultation, statuses=statuses
    ):
        counts[theme_id] += n
    return dict(counts)


def respondent_counts(*, consultation):
    """{theme id: respondents} for the accepted themes (each respondent once per theme)."""
    return _respondent_counts(consultation=consultation, statuses=[Theme.Status.ACCEPTED])


def theme_figures(*, consultation):
    """Everything counted about the accepted themes, from one aggregate query (see
    `_respondent_rows`): {theme_id: respondents}, sentiment, breakdowns by capacity and
    locality, and respondents by the set of themes they raised (`sets`, [(theme ids,
    respondents)], or None with more than MASK_THEMES themes). The report passes it to both
    `theme_summaries` and `theme_set_checks`, so the tags are read once."""
    counts = defaultdict(int)
    sentiment = defaultdict(lambda: {"positive": 0, "neutral": 0, "negative": 0})
    by_capacity = defaultdict(lambda: defaultdict(int))
    by_locality = defaultdict(lambda: defaultdict(int))
    stance = defaultdict(lambda: dict.fromkeys(STANCES, 0))
    rows, sets, stances = _respondent_rows(
        consultation=consultation, statuses=[Theme.Status.ACCEPTED], theme_sets=True, stance=True
    )
    for theme_id, label, capacity, locality_id, n in rows:
        counts[theme_id] += n
        sentiment[theme_id][label] += n
        by_capacity[theme_id][capacity or NOT_GIVEN] += n
        by_locality[theme_id][str(locality_id) if locality_id else NOT_GIVEN] += n
    for theme_id, label, n in stances:
        stance[theme_id][label] += n
    return ThemeFigures(counts, sentiment, by_capacity, by_locality, sets, stance)


class ThemeFigures(NamedTuple):
    counts: dict
    sentiment: dict
    by_capacity: dict
    by_locality: dict
    sets: list | None
    # {theme_id: {support, oppose, mixed}}: respondents by stance (those with none left out).
    stance: dict


# The stance split of a theme, in this order; respondents with no stance make up the rest.
STANCES = (STANCE_SUPPORT, STANCE_OPPOSE, STANCE_MIXED)
NO_STANCE = "none"
STANCE_LABELS = {
    STANCE_SUPPORT: _("Support"),
    STANCE_OPPOSE: _("Oppose"),
    STANCE_MIXED: _("Mixed"),
    NO_STANCE: _("No stance stated"),
}


def asks_about_proposal(*, consultation):
    """True when a free-text question of the consultation asks what people think of a proposal
    (the analysis's rule, `feedback.analysis.stance.asks_about_proposal`): then each theme
    splits by stance."""
    texts = (
        questions_for(consultation=consultation)
        .filter(kind__in=Question.TEXT_KINDS)
        .values_list("text", flat=True)
    )
    return any(question_asks_about_proposal(question=str(text)) for text in texts)


def _stance_cells(split, *, total):
    """A theme's stance split as protected rows ({key, label, count, display, ...}): support,
    oppose, mixed, then the respondents who stated no stance, so the rows add up to the
    theme's "n" (`total`) and the one suppression rule protects them against it. Empty when
    the table cannot be shown at all."""
    rows = [
        {"key": key, "label": str(STANCE_LABELS[key]), "count": split.get(key, 0)}
        for key in STANCES
    ]
    rows.append(
        {
            "key": NO_STANCE,
            "label": str(STANCE_LABELS[NO_STANCE]),
            "count": max(total - sum(row["count"] for row in rows), 0),
        }
    )
    cells = protected_rows(rows, total=total)
    return [] if cells.withheld else cells


def theme_stance(*, theme):
    """One theme's stance split (`_stance_cells`), or None when no question of its
    consultation is about a proposal. One aggregate query for the theme."""
    if not asks_about_proposal(consultation=theme.consultation_id):
        return None
    rows, stances = _respondent_rows(
        consultation=theme.consultation_id, statuses=[theme.status], stance=True, only=theme.pk
    )
    return _stance_cells(
        {label: n for _theme_id, label, n in stances}, total=sum(row[4] for row in rows)
    )


def _key_phrases(*, consultation, theme_ids, per_theme=KEY_PHRASE_SAMPLE):
    """{theme_id: phrases typical of its answers}: frequent in the theme, rarer elsewhere.

    Each theme is represented by its most strongly tagged answers (read in order from an
    index), and the background is all themes' samples together, so the work is bounded
    however many answers there are.
    """
    members = {}
    for theme_id in theme_ids:
        members[theme_id] = [
            phrases or []
            for phrases in live_tags(consultation=consultation)
            .filter(theme_id=theme_id)
            .order_by("-score", "answer_id")
            .values_list("answer__analysis__key_phrases", flat=True)[:per_theme]
        ]
    background = [document for documents in members.values() for document in documents]
    return {
        theme_id: [
            phrase
            for phrase, _score in analysis.rank_phrases(
                documents=documents, background=background, top_n=KEY_PHRASES
            )
        ]
        for theme_id, documents in members.items()
        if documents
    }


def theme_quotes(*, theme, max_quotes=MAX_QUOTES):
    """2-5 quotes for a theme: consented respondents only, redacted text, unlike each other."""
    return [text for _answer_id, text in theme_quote_choices(theme=theme, max_quotes=max_quotes)]


def theme_quote_choices(*, theme, max_quotes=MAX_QUOTES):
    """[(answer id, redacted text)] of 2-5 quotes for a theme (see `theme_quotes`), typical of
    the theme (by sentence embeddings).

    Candidates are the theme's best-scoring consented answers, read in score order from an
    index (the database stops after QUOTE_CANDIDATES), then their redacted text.
    """
    candidates = list(
        live_tags(consultation=theme.consultation_id, statuses=[theme.status])
        .filter(theme=theme, response__consent_to_quote=True)
        .order_by("-score", "answer_id")
        .values_list("answer_id", "score", "source")[:QUOTE_CANDIDATES]
    )
    analyses = {
        answer_id: (sentiment, text)
        for answer_id, sentiment, text in AnswerAnalysis.objects.filter(
            answer_id__in=[answer_id for answer_id, _score, _source in candidates]
        ).values_list("answer_id", "sentiment", "redacted_text")
    }
    units = [
        analysis.Unit(
            response_id=str(answer_id),
            themes={theme.name: float(score or 0.0) + (1.0 if source == "manual" else 0)},
            sentiment=analyses[answer_id][0],
            attributes={},
            consent_to_quote=True,
            quote_text=analyses[answer_id][1],
        )
        for answer_id, score, source in candidates
        if answer_id in analyses
    ]
    # Quotes typical of the theme: closest to the centre of its description and its candidates.
    description = f"{theme.name}: {theme.description}" if theme.description else ""
    chosen = analysis.choose_quotes(
        units=units,
        theme=theme.name,
        max_quotes=max_quotes,
        typical_of=analysis.theme_centre_texts(members=units, description=description),
    )
    return [(int(quote.response_id), quote.text) for quote in chosen]


def _labelled(counts, labels, *, total):
    """Label the cells and apply the suppression rule; biggest first, hidden cells last.

    Each cell is {key, label, count, suppressed, status, display}: count is None where fewer
    than 5 people, or where a larger cell had to be withheld so that a small one cannot be
    worked out from the theme's "n" (`total`). A table that cannot be shown at all (every
    cell hidden and still derivable) comes back empty.
    """
    rows = [
        {
            "key": key,
            "label": str(_("Not given") if key == NOT_GIVEN else labels.get(key, key)),
            "count": count,
        }
        for key, count in sorted(counts.items())
        if count
    ]
    cells = protected_rows(rows, total=total)
    if cells.withheld:
        return []
    cells.sort(key=lambda c: (c["suppressed"], -(c["count"] or 0), c["label"]))
    return cells


def theme_summaries(*, consultation, max_quotes=MAX_QUOTES, figures=None):
    """Accepted themes, biggest first, with everything the committee report shows for each.

    Each item is a dict: theme, id, name, description, parent, origin, respondents (n), total
    (N), share (0-1), sentiment {positive, neutral, negative} (respondents, each counted once),
    by_capacity and by_locality (lists of {key, label, count, suppressed}; count is None for
    groups under 5), quotes (redacted text of consenting respondents, 2-5 when there are
    enough), key_phrases. When a question is about a proposal (`asks_about_proposal`), also
    stance {support, oppose, mixed} (respondents, each counted once; those stating no stance
    are left out) and stance_cells (the same with the rest, protected, see `_stance_cells`).
    """
    themes = list(
        Theme.objects.filter(
            consultation=consultation, status=Theme.Status.ACCEPTED
        ).select_related("parent")
    )
    total = respondents_total(consultation=consultation)
    figures = figures or theme_figures(consultation=consultation)
    counts, sentiment, by_capacity, by_locality, _sets, stance = figures
    # Only questions about a proposal split by stance (support, oppose, mixed).
    split_by_stance = asks_about_proposal(consultation=consultation)
    phrases = _key_phrases(consultation=consultation, theme_ids=[t.pk for t in themes])
    capacity_labels = dict(Response.Capacity.choices)
    locality_ids = {key for cells in by_locality.values() for key in cells if key != NOT_GIVEN}
    labels = locality_labels(ids=[int(key) for key in locality_ids])
    locality_names = {str(pk): label for pk, label in labels.items()}
    summaries = []
    for theme in themes:
        n = counts.get(theme.pk, 0)
        capacity_cells = _labelled(by_capacity.get(theme.pk, {}), capacity_labels, total=n)
        locality_cells = _labelled(by_locality.get(theme.pk, {}), locality_names, total=n)
        summaries.append(
            {
                "theme": theme,
                "id": theme.pk,
                "name": theme.name,
                "description": theme.description,
                "parent": theme.parent.name if theme.parent else "",
                "origin": theme.origin,
                "respondents": n,
                "total": total,
                "share": round(n / total, 4) if total else 0.0,
                "sentiment": dict(
                    sentiment.get(theme.pk, {"positive": 0, "neutral": 0, "negative": 0})
                ),
                "by_capacity": capacity_cells,
                "by_locality": locality_cells,
                "quotes": theme_quotes(theme=theme, max_quotes=max_quotes) if n else [],
                "key_phrases": phrases.get(theme.pk) or list(theme.key_phrases)[:KEY_PHRASES],
            }
        )
        if split_by_stance:
            split = dict(stance.get(theme.pk, dict.fromkeys(STANCES, 0)))
            summaries[-1]["stance"] = split
            summaries[-1]["stance_cells"] = _stance_cells(split, total=n)
    summaries.sort(key=lambda s: (-s["respondents"], s["name"]))
    return summaries


def theme_cross_tables(*, figures, summaries=()):
    """Respondents of each accepted theme by capacity and by locality, for cross-tables (rows
    themes, columns groups): {"capacity": ..., "locality": ...}, each {"columns": [(key,
    label)], "counts": {(theme id, key): respondents}}. Raw counts: the caller protects the
    whole table with `feedback.selectors.protected_grid` (one query, for the places' names).

    Columns are the groups anyone is in, in the capacity list's order or by place name, with
    "Not given" last. Places are named as in `summaries` (`theme_summaries`, which has read
    their names); a query reads any name they do not have.
    """
    by_capacity, by_locality = figures.by_capacity, figures.by_locality
    locality_ids = {key for cells in by_locality.values() for key in cells if key != NOT_GIVEN}
    places = {
        str(cell["key"]): cell["label"]
        for summary in summaries
        for cell in summary["by_locality"]
        if cell["key"] != NOT_GIVEN
    }
    missing = [int(key) for key in locality_ids - set(places)]
    if missing:
        places |= {str(pk): label for pk, label in locality_labels(ids=missing).items()}
    capacities = dict(Response.Capacity.choices)
    result = {}
    for name, breakdown, labels, order in (
        ("capacity", by_capacity, capacities, list(capacities)),
        ("locality", by_locality, places, sorted(places, key=lambda key: places[key])),
    ):
        used = {key for cells in breakdown.values() for key, n in cells.items() if n}
        keys = [key for key in order if key in used]
        keys += sorted(used - set(keys) - {NOT_GIVEN})
        if NOT_GIVEN in used:
            keys.append(NOT_GIVEN)
        result[name] = {
            "columns": [
                (key, str(_("Not given") if key == NOT_GIVEN else labels.get(key, key)))
                for key in keys
            ],
            "counts": {
                (theme_id, key): n
                for theme_id, cells in breakdown.items()
                for key, n in cells.items()
                if n
            },
        }
    return result


def campaign_groups(*, consultation):
    """Campaign and near-duplicate groups, biggest first: group_id, size (answers), respondents,
    representative_text (redacted).

    A group of fewer respondents than the suppression threshold is not a campaign anyone
    could be shown (three people using the same words may be one team), so it is left out.
    """
    base = AnswerAnalysis.objects.filter(consultation=consultation, campaign_group__gt="").exclude(
        response__in=_uncounted_responses(consultation)
    )
    sizes = base.values("campaign_group").annotate(
        size=Count("pk"), respondents=Count("response", distinct=True)
    )
    representatives = dict(
        base.filter(is_campaign_representative=True).values_list("campaign_group", "redacted_text")
    )
    groups = [
        {
            "group_id": row["campaign_group"],
            "size": row["size"],
            "respondents": row["respondents"],
            "representative_text": representatives.get(row["campaign_group"], ""),
        }
        for row in sizes
        if not suppression.is_small(row["respondents"])
    ]
    groups.sort(key=lambda g: (-g["size"], g["group_id"]))
    return groups


def analysis_method_summary(*, consultation, respondents=None):
    """What was automated and what people reviewed, for the report's method section.

    `respondents` is `respondents_total` when the caller already has it."""
    uncounted = _uncounted_responses(consultation)
    # One pass over the analyses for all three of their counts.
    counts = _analysed(consultation).aggregate(
        analysed=Count("pk"),
        non_answers=Count("pk", filter=Q(non_answer=True)),
        campaign=Count("pk", filter=Q(campaign_group__gt="")),
    )
    manual = AnswerTheme.objects.filter(
        theme__in=Theme.objects.filter(consultation=consultation).values("pk"),
        source=AnswerTheme.Source.MANUAL,
    ).exclude(response__in=uncounted)
    accepted = Theme.objects.filter(consultation=consultation, status=Theme.Status.ACCEPTED)
    last = (
        AnalysisRun.objects.filter(consultation=consultation, status=AnalysisRun.Status.SUCCEEDED)
        .order_by("-finished_at")
        .first()
    )
    awaiting = awaiting_translation_count(consultation=consultation)
    figures = {
        "answers_analysed": counts["analysed"],
        "non_answers": counts["non_answers"],
        "answers_pending": _pending(
            consultation=consultation, analysed=counts["analysed"], awaiting=awaiting
        ),
        "answers_awaiting_translation": awaiting,
        "campaign_answers": counts["campaign"],
        "themes_accepted": accepted.count(),
        "themes_from_coding_frame": accepted.filter(origin=Theme.Origin.CODING_FRAME).count(),
        "themes_discovered_and_accepted": accepted.filter(origin=Theme.Origin.DISCOVERED).count(),
        "answers_retagged": manual.values("answer").distinct().count(),
        "last_run_at": last.finished_at if last else None,
        "respondents_total": respondents
        if respondents is not None
        else respondents_total(consultation=consultation),
    }
    figures["retagged"] = figures["answers_retagged"]
    if figures["answers_analysed"]:
        figures["automated"] = _(
            "%(analysed)s free-text answers were analysed automatically for sentiment, key "
            "phrases and themes; %(non)s said nothing that could be themed."
        ) % {"analysed": figures["answers_analysed"], "non": figures["non_answers"]}
        figures["reviewed"] = _(
            "Officers accepted %(accepted)s themes (%(discovered)s first proposed by the "
            "software) and re-tagged %(retagged)s answers by hand."
        ) % {
            "accepted": figures["themes_accepted"],
            "discovered": figures["themes_discovered_and_accepted"],
            "retagged": figures["answers_retagged"],
        }
    return figures


def answer_tags(*, answer):
    """The themes on one answer: live tags and a person's removals, theme names first."""
    return list(
        AnswerTheme.objects.filter(answer=answer)
        .select_related("theme", "reviewed_by")
        .order_by("is_rejected", "theme__name")
    )


def retaggable_answers():
    """Answers a person may re-tag: analysed answers of submitted responses.

    A draft may still change and a withdrawn response no longer counts; an answer without an
    analysis has no redacted text to show, so neither can be reviewed.
    """
    return Answer.objects.filter(response__status=Response.Status.SUBMITTED, analysis__isnull=False)


def theme_answers(*, theme, limit=200, evidence_only=False):
    """Answers tagged with a theme (live tags), best score first, with their analyses.

    Only answers that can be re-tagged (see `retaggable_answers`) are listed; with
    `evidence_only`, only those that carry specific evidence (numbers, examples, experience).
    """
    tags = AnswerTheme.objects.filter(theme=theme, is_rejected=False).filter(
        response__status=Response.Status.SUBMITTED, answer__analysis__isnull=False
    )
    if evidence_only:
        tags = tags.filter(answer__analysis__is_evidence_rich=True)
    return list(
        tags.select_related("answer__analysis", "answer__response", "answer__question").order_by(
            "-source", "-answer__analysis__is_evidence_rich", "-score", "answer_id"
        )[:limit]
    )


def codebook_order(entry):
    """Where a codebook entry ({name, id, ...}) goes in a coding frame: by name, then id."""
    return (entry["name"], entry["id"])


def codebook_for(*, consultation):
    """The accepted themes as an analysis codebook (with theme ids), or {} if there are none.

    Themes come in `codebook_order`, the same in every database (whatever its collation).
    """
    themes = list(
        Theme.objects.filter(consultation=consultation, status=Theme.Status.ACCEPTED)
        .select_related("parent")
        .order_by("name", "pk")
    )
    usable = [t for t in themes if t.keywords or t.description.strip()]
    names = {t.name for t in usable}
    entries = [
        {
            "id": t.pk,
            "name": t.name,
            "description": t.description,
            "keywords": list(t.keywords),
            "parent": t.parent.name if t.parent and t.parent.name in names else None,
        }
        for t in usable
    ]
    entries.sort(key=codebook_order)
    return {"themes": entries} if entries else {}


def labelled_examples(*, consultation):
    """The analysts' decisions on accepted themes as [answer id, theme name, agrees] examples.

    Every tag a person added or confirmed (agrees) and every tag they removed (does not), on
    answers of submitted responses, in a fixed order so every batch of a run sees the same.
    A run stores these, never the answers' words: a batch reads the words when it runs
    (`labelled_texts`), so an answer withdrawn or erased since teaches nothing and leaves no
    copy behind.
    """
    return [
        [answer_id, name, not rejected]
        for answer_id, name, rejected in AnswerTheme.objects.filter(
            theme__consultation=consultation,
            theme__status=Theme.Status.ACCEPTED,
            source=AnswerTheme.Source.MANUAL,
            response__status=Response.Status.SUBMITTED,
        )
        .order_by("theme__name", "answer_id")
        .values_list("answer_id", "theme__name", "is_rejected")
    ]


# Answers read per query when examples are turned into text (well under any database's limit
# on query parameters).
EXAMPLES_CHUNK = 500


def labelled_texts(*, consultation, examples):
    """[text, theme name, agrees] for labelled examples ([answer id, theme name, agrees]), in
    their order, read now.

    The text is the one a run scores (`Answer.themed_text`: the English rendering when there
    is one), from answers a run would analyse (`analysable_answers`): an answer that no longer
    exists (its response was withdrawn or erased) or whose response is no longer submitted
    drops out, as does an example whose answer id a run did not keep (None).
    """
    ids = sorted({example[0] for example in examples if example[0] is not None})
    answers = (
        analysable_answers(consultation=consultation)
        .select_related(None)
        .only("pk", "text", "text_in_english")
    )
    texts = {}
    for start in range(0, len(ids), EXAMPLES_CHUNK):
        chunk = answers.filter(pk__in=ids[start : start + EXAMPLES_CHUNK])
        texts.update((a.pk, a.themed_text) for a in chunk)
    return [
        [texts[answer_id], name, agrees]
        for answer_id, name, agrees in examples
        if answer_id in texts
    ]


# --- Checks, run changes and agreement with analysts ------------------------------------------


def _check_message(warning):
    names = [f"“{name}”" for name in warning.themes]
    figures = {"share": f"{warning.figure:.0%}", "n": int(warning.figure), "max": MAX_THEMES}
    if warning.code == "too_broad":
        return _("%(name)s holds %(share)s of respondents: it may be too broad to say much.") % {
            "name": names[0],
            **figures,
        }
    if warning.code == "overlap":
        return _(
            "%(first)s and %(second)s share %(share)s of the smaller theme's respondents: "
            "they may be one theme."
        ) % {"first": names[0], "second": names[1], **figures}
    if warning.code == "too_small":
        # No exact share: with N printed beside it, it would give away a count under 5.
        if len(names) == 1:
            return _("%(name)s holds under 1%% of respondents.") % {"name": names[0]}
        return _("%(n)s themes hold under 1%% of respondents each: %(names)s.") % {
            "n": len(names),
            "names": ", ".join(names),
        }
    return _("There are %(n)s themes: more than %(max)s is more than a reader can take in.") % (
        figures
    )


# Themes the set checks count with one bit each in a 64-bit integer (see `_theme_memberships`).
MASK_THEMES = 62


def _theme_memberships(*, consultation, names, figures=None):
    """{theme name: respondents}, {(name, name): respondents in both} for `names` ({theme id:
    name} of the accepted themes).

    Counted from the respondents grouped by their set of themes (`theme_figures`): a handful
    of rows however many people responded, where reading every (theme, respondent) pair meant
    a few hundred thousand at 100,000 responses. With more than MASK_THEMES themes the pairs
    are read instead.
    """
    if figures is None and len(names) <= MASK_THEMES:
        figures = theme_figures(consultation=consultation)
    sets = figures.sets if figures is not None else None
    ordered = sorted(names.values())
    if sets is None:
        members = defaultdict(set)
        for theme_id, response_id in (
            live_tags(consultation=consultation).values_list("theme_id", "response_id").distinct()
        ):
            members[names[theme_id]].add(response_id)
        shared = {
            (first, second): len(members[first] & members[second])
            for index, first in enumerate(ordered)
            for second in ordered[index + 1 :]
        }
        return {name: len(members[name]) for name in ordered}, shared
    sizes = dict.fromkeys(ordered, 0)
    shared = defaultdict(int)
    for theme_ids, respondents in sets:
        held = sorted(names[theme_id] for theme_id in theme_ids if theme_id in names)
        for index, first in enumerate(held):
            sizes[first] += respondents
            for second in held[index + 1 :]:
                shared[(first, second)] += respondents
    return sizes, dict(shared)


def _small_together(found):
    """The themes under 1% as one warning naming them all (where it stood), not a line each:
    twenty such lines would bury the other warnings in the admin and the report."""
    small = [w for w in found if w.code == "too_small"]
    if len(small) < 2:
        return found
    together = ThemeSetWarning(
        "too_small", tuple(n for w in small for n in w.themes), max(w.figure for w in small)
    )
    at = found.index(small[0])
    rest = [w for w in found if w.code != "too_small"]
    return [*rest[:at], together, *rest[at:]]


def theme_set_checks(*, consultation, total=None, figures=None):
    """Warnings about the accepted themes, for the admin and the report's method note.

    Each is {code, themes, figure, message}: one theme over 50% of respondents (too_broad),
    two themes whose respondents overlap over 60% of the smaller (overlap), themes under 1%
    (too_small), more than 25 themes (too_many). `total` (`respondents_total`) and `figures`
    (`theme_figures`) are passed by a caller that already has them.
    """
    names = dict(
        Theme.objects.filter(consultation=consultation, status=Theme.Status.ACCEPTED).values_list(
            "pk", "name"
        )
    )
    sizes, shared = _theme_memberships(consultation=consultation, names=names, figures=figures)
    if total is None:
        total = respondents_total(consultation=consultation)
    found = _small_together(check_theme_counts(total=total, sizes=sizes, shared=shared))
    return [
        {
            "code": w.code,
            "themes": list(w.themes),
            "figure": w.figure,
            "message": str(_check_message(w)),
        }
        for w in found
    ]


def _change_reasons(change):
    """Why a run moved a theme's count, in words (see `ThemeChange`)."""
    definition = change.definition or {}
    reasons = []
    if definition.get("new_in_frame"):
        reasons.append(_("First run with this theme in the coding frame."))
    if definition.get("merged"):
        reasons.append(
            _(
                "Merged into it since the last run: %(names)s (the merge kept this theme's "
                "definition)."
            )
            % {"names": ", ".join(f"“{n}”" for n in definition["merged"])}
        )
    if definition.get("keywords_added"):
        reasons.append(
            _("Keywords added: %(words)s.") % {"words": ", ".join(definition["keywords_added"])}
        )
    if definition.get("keywords_removed"):
        reasons.append(
            _("Keywords removed: %(words)s.") % {"words": ", ".join(definition["keywords_removed"])}
        )
    if definition.get("description_changed"):
        reasons.append(_("Description changed."))
    before, after = definition.get("examples_before", 0), definition.get("examples_after", 0)
    if before != after:
        reasons.append(
            _("Analysts' decisions it learns from: %(before)s before, %(after)s now.")
            % {"before": before, "after": after}
        )
    explained = bool(reasons)
    if change.joined_new:
        reasons.append(_("%(n)s new or changed answers joined.") % {"n": change.joined_new})
    seen_joined = change.answers_joined - change.joined_new
    if seen_joined or change.answers_left:
        if explained:
            reasons.append(
                _("Of the answers analysed before, %(joined)s joined and %(left)s left.")
                % {"joined": seen_joined, "left": change.answers_left}
            )
        else:
            reasons.append(
                _(
                    "With the same definition, answers analysed before were tagged differently "
                    "(%(joined)s joined, %(left)s left): the analysis itself changed."
                )
                % {"joined": seen_joined, "left": change.answers_left}
            )
    if change.delta and not change.answers_joined and not change.answers_left:
        reasons.append(
            _(
                "No tags changed in this run: respondents were counted differently (responses "
                "withdrawn, campaign grouping, or people's decisions since the last run)."
            )
        )
    return reasons


def run_changes(*, run):
    """What a run changed per theme, biggest movement first: each a `ThemeChange` with
    ``reasons`` (sentences saying why)."""
    changes = list(ThemeChange.objects.filter(run=run).select_related("theme"))
    for change in changes:
        change.reasons = _change_reasons(change)
    changes.sort(key=lambda c: (-abs(c.delta), c.theme_name))
    return changes


def theme_agreement(*, consultation):
    """{theme id: {reviewed, agreed, rate}}: how often the automatic tags agreed with analysts.

    Counts the decisions made since this was recorded: a confirmation or a removal of a tag
    the analysis made (agreement is a confirmation), or a theme a person added that the analysis
    had not (a disagreement). A person's removal of a theme the analysis had not given (a theme
    they added and later took off) agrees with nothing the analysis did, and is not counted.
    """
    rows = (
        AnswerTheme.objects.filter(
            theme__consultation=consultation,
            source=AnswerTheme.Source.MANUAL,
            model_tagged__isnull=False,
        )
        .exclude(model_tagged=False, is_rejected=True)
        .values("theme_id")
        .annotate(
            reviewed=Count("pk"),
            agreed=Count("pk", filter=Q(model_tagged=True, is_rejected=False)),
        )
    )
    return {
        row["theme_id"]: {
            "reviewed": row["reviewed"],
            "agreed": row["agreed"],
            "rate": round(row["agreed"] / row["reviewed"], 4),
        }
        for row in rows
    }


def least_sure_tags(*, theme, limit=20):
    """The theme's automatic tags the analysis is least sure of, to review first."""
    return list(
        AnswerTheme.objects.filter(
            theme=theme, is_rejected=False, source=AnswerTheme.Source.AUTOMATIC
        )
        .filter(response__status=Response.Status.SUBMITTED, answer__analysis__isnull=False)
        .select_related("answer__analysis", "answer__response", "answer__question")
        .order_by(F("confidence").asc(nulls_first=True), "score", "answer_id")[:limit]
    )
