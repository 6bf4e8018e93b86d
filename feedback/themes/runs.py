"""Analysis runs: batches analysed by workers, finishing, discovery, refresh and resuming."""

import hashlib
import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from feedback import analysis
from feedback.analysis.campaigns import Fingerprint, group_campaigns, normalised_words
from feedback.analysis.coding import CodebookError
from feedback.analysis.evidence import is_evidence_rich
from feedback.analysis.words import stem
from feedback.models import Answer, themed_text
from feedback.selectors import answers_awaiting_translation
from feedback.services import answer_languages_fill
from feedback.themes import selectors
from feedback.themes.models import (
    AnalysisBatch,
    AnalysisRun,
    AnswerAnalysis,
    AnswerTheme,
    Theme,
    ThemeChange,
)
from feedback.themes.services import check_definition, clean_keywords, clean_name

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
DEFAULT_MAX_THEMES = 8
PREVIEW_SAMPLES = 3
# A run with no progress for this long is assumed to have lost its worker; its batches resume.
STALE_AFTER = timedelta(minutes=15)


def _text_hash(text, question_text):
    """Identify the exact text and question analysed, so unchanged answers are skipped."""
    digest = hashlib.sha256()
    digest.update(text.encode("utf-8"))
    digest.update(b"\x00")
    digest.update(str(question_text).encode("utf-8"))
    return digest.hexdigest()


def answers_to_analyse(*, consultation, kind):
    """Ids of the answers a run of this kind should analyse, in a stable order."""
    answers = selectors.analysable_answers(consultation=consultation).order_by("pk")
    if kind != AnalysisRun.Kind.INCREMENTAL:
        return list(answers.values_list("pk", flat=True))
    stored = dict(
        AnswerAnalysis.objects.filter(consultation=consultation).values_list(
            "answer_id", "analysed_text_hash"
        )
    )
    return [
        pk
        for pk, text, english, question_text in answers.values_list(
            "pk", "text", "text_in_english", "question__text"
        )
        if stored.get(pk)
        != _text_hash(themed_text(text=text, text_in_english=english), question_text)
    ]


def untranslated_analyses_drop(*, consultation):
    """Remove the analysis and automatic tags of answers now known to await translation (an
    answer analysed before its language was detected): they are left out, not mis-themed."""
    waiting = answers_awaiting_translation(consultation=consultation).values("pk")
    AnswerTheme.objects.filter(answer__in=waiting, source=AnswerTheme.Source.AUTOMATIC).delete()
    AnswerAnalysis.objects.filter(answer__in=waiting).delete()


def analysis_run_start(
    *,
    consultation,
    kind,
    user=None,
    batch_size=BATCH_SIZE,
    max_themes=DEFAULT_MAX_THEMES,
    enqueue=True,
):
    """Create a run, split its answers into batches and enqueue one task per batch.

    Only one run per consultation is active at a time: starting another while one is queued or
    running returns the active one. ``enqueue=False`` leaves the batches for the caller to run
    (the demo loader does that to run synchronously).
    """
    from feedback.themes import tasks

    with transaction.atomic():
        # Lock the consultation's row so that two clicks cannot start two runs.
        type(consultation).objects.select_for_update().filter(pk=consultation.pk).exists()
        active = AnalysisRun.objects.filter(
            consultation=consultation, status__in=AnalysisRun.ACTIVE_STATUSES
        ).first()
        if active is not None:
            return active
        answer_languages_fill(consultation=consultation)
        untranslated_analyses_drop(consultation=consultation)
        codebook = selectors.codebook_for(consultation=consultation)
        answer_ids = answers_to_analyse(consultation=consultation, kind=kind)
        run = AnalysisRun.objects.create(
            consultation=consultation,
            kind=kind,
            codebook=codebook,
            examples=selectors.labelled_examples(consultation=consultation) if codebook else [],
            respondents_before=_respondents_now(consultation),
            max_themes=max_themes,
            answers_total=len(answer_ids),
            started_by=user,
        )
        batches = AnalysisBatch.objects.bulk_create(
            AnalysisBatch(run=run, index=i, answer_ids=answer_ids[start : start + batch_size])
            for i, start in enumerate(range(0, len(answer_ids), batch_size))
        )
        run.batches_total = len(batches)
        run.save(update_fields=["batches_total"])
        if user is not None:
            log(
                instance=run,
                action="themes.run",
                user=user,
                data={"kind": kind, "answers": len(answer_ids)},
            )
        batch_ids = list(
            AnalysisBatch.objects.filter(run=run).order_by("index").values_list("pk", flat=True)
        )
        if enqueue:
            if batch_ids:
                for batch_id in batch_ids:
                    transaction.on_commit(
                        lambda b=batch_id: tasks.analyse_batch.enqueue(batch_id=b)
                    )
            else:
                run.status = AnalysisRun.Status.FINISHING
                run.save(update_fields=["status"])
                transaction.on_commit(lambda: tasks.finish_run.enqueue(run_id=run.pk))
    return run


def analysis_run_sync(*, consultation, kind, user=None, max_themes=DEFAULT_MAX_THEMES):
    """Run an analysis start to finish in this process (demo loader, command line, tests)."""
    run = analysis_run_start(
        consultation=consultation, kind=kind, user=user, max_themes=max_themes, enqueue=False
    )
    for batch_id in run.batches.order_by("index").values_list("pk", flat=True):
        analysis_batch_process(batch_id=batch_id, finish=False)
    AnalysisRun.objects.filter(pk=run.pk, status__in=AnalysisRun.ACTIVE_STATUSES).update(
        status=AnalysisRun.Status.FINISHING
    )
    analysis_run_finish(run_id=run.pk)
    run.refresh_from_db()
    return run


def _run_inputs(answers):
    return [
        analysis.Response(
            id=str(a.pk),
            text=a.themed_text,
            question=str(a.question.text),
            consent_to_quote=a.response.consent_to_quote,
        )
        for a in answers
    ]


def _redacted_out(*, text, redacted):
    """Words removed by redaction (names, emails...), so phrases and stems can leave them out."""
    removed = set(normalised_words(text=text)) - set(normalised_words(text=redacted))
    return removed, {stem(word=w) for w in removed}


def _private_free(result, text):
    """Phrases and stems of a result without any word that redaction took out of the text."""
    if not result.redaction_kinds:
        return list(result.phrases), list(result.stems)
    words, stems = _redacted_out(text=text, redacted=result.redacted_text)
    phrases = [p for p in result.phrases if not set(p.lower().split()) & words]
    return phrases, [s for s in result.stems if s not in stems]


def tag_confidence(entry):
    """How sure the analysis is of a coded theme (0-1): the analysis gives each tag a
    confidence in [0, 1] as its score."""
    return round(min(max(float(entry[1]), 0.0), 1.0), 4)


def _decisions(examples):
    """(confirmed, removed) (text, theme) pairs from [text, theme name, agrees] examples."""
    confirmed = [(text, theme) for text, theme, agrees in examples if agrees]
    removed = [(text, theme) for text, theme, agrees in examples if not agrees]
    return confirmed, removed


def _process(*, inputs, codebook, examples):
    """The analysis of one batch, learning from the analysts' confirmed tags and removals
    (`examples` as [text, theme name, agrees]: see `selectors.labelled_texts`)."""
    if not codebook:
        return analysis.process_batch(responses=inputs, codebook=codebook)
    confirmed, removed = _decisions(examples)
    return analysis.process_batch(
        responses=inputs, codebook=codebook, examples=confirmed, rejected=removed
    )


def _batch_changes(*, before, after, new_answers):
    """{theme id: joined, left, joined_new} for one batch's automatic tags (JSON keys)."""
    changes = {}
    for (answer_id, theme_id), field in [
        *((key, "joined") for key in after - before),
        *((key, "left") for key in before - after),
    ]:
        row = changes.setdefault(str(theme_id), {"joined": 0, "left": 0, "joined_new": 0})
        row[field] += 1
        if field == "joined" and answer_id in new_answers:
            row["joined_new"] += 1
    return changes


def _respondents_now(consultation):
    """{theme id (text): respondents} for the accepted themes, as JSON keys."""
    counts = selectors.respondent_counts(consultation=consultation)
    return {str(theme_id): n for theme_id, n in sorted(counts.items())}


def analysis_batch_process(*, batch_id, finish=True):
    """Analyse one batch and write all its results in one transaction; safe to run twice.

    The text work happens before the transaction so that the write lock is held briefly and
    several workers can analyse batches at once. Returns True if this call wrote the batch.
    """
    from feedback.themes import tasks

    batch = AnalysisBatch.objects.select_related("run").get(pk=batch_id)
    run = batch.run
    if batch.is_done or run.status in (AnalysisRun.Status.FAILED, AnalysisRun.Status.SUCCEEDED):
        return False
    AnalysisRun.objects.filter(pk=run.pk, status=AnalysisRun.Status.QUEUED).update(
        status=AnalysisRun.Status.RUNNING, started_at=timezone.now()
    )
    answers = list(
        Answer.objects.filter(pk__in=batch.answer_ids)
        .select_related("question", "response")
        .order_by("pk")
    )
    codebook = run.codebook or None
    theme_ids = {t["name"]: t["id"] for t in (codebook or {}).get("themes", [])}
    # The analysts' examples in the words they have now: one withdrawn or erased since the
    # run started no longer teaches it.
    examples = (
        selectors.labelled_texts(consultation=run.consultation_id, examples=run.examples)
        if codebook
        else []
    )
    try:
        results = _process(inputs=_run_inputs(answers), codebook=codebook, examples=examples)
    except CodebookError as exc:
        analysis_run_fail(run_id=run.pk, error=str(exc))
        return False
    hashes = {a.pk: _text_hash(a.themed_text, a.question.text) for a in answers}
    texts = {a.pk: a.themed_text for a in answers}
    cleaned = {int(r.id): _private_free(r, texts[int(r.id)]) for r in results}
    with transaction.atomic():
        run = AnalysisRun.objects.select_for_update().get(pk=run.pk)
        batch = AnalysisBatch.objects.select_for_update().get(pk=batch_id)
        if batch.is_done or run.status == AnalysisRun.Status.FAILED:
            return False
        ids = [a.pk for a in answers]
        responses = {a.pk: a.response_id for a in answers}
        seen_before = set(
            AnswerAnalysis.objects.filter(answer_id__in=ids).values_list("answer_id", flat=True)
        )
        tagged_before = set(
            AnswerTheme.objects.filter(
                answer_id__in=ids,
                source=AnswerTheme.Source.AUTOMATIC,
                theme_id__in=theme_ids.values(),
            ).values_list("answer_id", "theme_id")
        )
        AnswerAnalysis.objects.filter(answer_id__in=ids).delete()
        AnswerAnalysis.objects.bulk_create(
            AnswerAnalysis(
                answer_id=int(r.id),
                response_id=responses[int(r.id)],
                consultation_id=run.consultation_id,
                run=run,
                sentiment=r.sentiment,
                polarity=r.polarity,
                base_polarity=r.base_polarity,
                key_phrases=cleaned[int(r.id)][0],
                sentiment_phrases=list(r.sentiment_phrases),
                redacted_text=r.redacted_text,
                redaction_kinds=list(r.redaction_kinds),
                non_answer=r.non_answer,
                evidence=list(r.evidence),
                is_evidence_rich=is_evidence_rich(kinds=r.evidence),
                stance=r.stance,
                analysed_text_hash=hashes[int(r.id)],
                fingerprint=r.text_hash,
                minhash=r.minhash.hex(),
                stems=cleaned[int(r.id)][1],
            )
            for r in results
        )
        # Replace only the analysis's own tags for themes in this run's coding frame.
        AnswerTheme.objects.filter(
            answer_id__in=ids,
            source=AnswerTheme.Source.AUTOMATIC,
            theme_id__in=theme_ids.values(),
        ).delete()
        decided = set(
            AnswerTheme.objects.filter(answer_id__in=ids).values_list("answer_id", "theme_id")
        )
        live_theme_ids = set(
            Theme.objects.filter(
                pk__in=theme_ids.values(), status=Theme.Status.ACCEPTED
            ).values_list("pk", flat=True)
        )
        new_tags = []
        for r in results:
            if r.non_answer:
                continue
            for entry in r.coded_themes:
                key = (int(r.id), theme_ids.get(entry[0]))
                if key[1] in live_theme_ids and key not in decided:
                    new_tags.append(
                        AnswerTheme(
                            answer_id=key[0],
                            response_id=responses[key[0]],
                            theme_id=key[1],
                            score=entry[1],
                            confidence=tag_confidence(entry),
                        )
                    )
        AnswerTheme.objects.bulk_create(new_tags)
        batch.changes = _batch_changes(
            before=tagged_before,
            after={(t.answer_id, t.theme_id) for t in new_tags},
            new_answers=set(ids) - seen_before,
        )
        batch.is_done = True
        batch.finished_at = timezone.now()
        batch.save(update_fields=["is_done", "finished_at", "changes"])
        run.batches_done = run.batches.filter(is_done=True).count()
        fields = ["batches_done"]
        if finish and run.batches_done >= run.batches_total and run.is_active:
            run.status = AnalysisRun.Status.FINISHING
            fields.append("status")
            transaction.on_commit(lambda: tasks.finish_run.enqueue(run_id=run.pk))
        run.save(update_fields=fields)
    return True


def analysis_run_fail(*, run_id, error):
    """Mark a run failed with a short reason (batches already written stay; they are valid)."""
    AnalysisRun.objects.filter(pk=run_id).exclude(status=AnalysisRun.Status.SUCCEEDED).update(
        status=AnalysisRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


def analysis_run_finish(*, run_id):
    """After the last batch: regroup campaigns over the whole consultation, then discovery."""
    run = AnalysisRun.objects.get(pk=run_id)
    if run.status != AnalysisRun.Status.FINISHING:
        return run
    try:
        campaigns_regroup(consultation=run.consultation)
        if run.kind == AnalysisRun.Kind.DISCOVERY:
            themes_discover(run=run)
        theme_changes_record(run=run)
    except Exception as exc:
        logger.exception("Analysis run %s failed while finishing", run.pk)
        analysis_run_fail(run_id=run.pk, error=f"{type(exc).__name__}: {exc}")
        raise
    AnalysisRun.objects.filter(pk=run.pk, status=AnalysisRun.Status.FINISHING).update(
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
        batches_done=run.batches_total,
    )
    run.refresh_from_db()
    return run


def _definition(entry):
    if entry is None:
        return None
    return {"keywords": list(entry.get("keywords", [])), "description": entry.get("description")}


def _definition_change(before, after, examples_before, examples_after):
    """How a theme's definition moved between two runs' snapshots (JSON for `ThemeChange`)."""
    change = {"examples_before": examples_before, "examples_after": examples_after}
    if before is None:
        change["new_in_frame"] = True
        return change
    if after is None:
        change["left_frame"] = True
        return change
    old, new = before["keywords"], after["keywords"]
    change["keywords_added"] = [k for k in new if k not in old]
    change["keywords_removed"] = [k for k in old if k not in new]
    change["description_changed"] = before["description"] != after["description"]
    return change


def _merged_since(previous, themes):
    """{theme id: names of the themes merged into it since the previous run} (from the log)."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Theme),
        object_id__in=[str(t.pk) for t in themes],
        action="themes.merge",
    )
    if previous is not None:
        entries = entries.filter(timestamp__gte=previous.created_at)
    merged = {}
    for object_id, data in entries.order_by("timestamp", "pk").values_list("object_id", "data"):
        merged.setdefault(int(object_id), []).extend((data or {}).get("merged", []))
    return merged


def _examples_per_theme(examples):
    counts = {}
    for _text, theme, _agrees in examples:
        counts[theme] = counts.get(theme, 0) + 1
    return counts


@transaction.atomic
def theme_changes_record(*, run):
    """Record, per theme of the run's coding frame, its respondents before and after the run,
    the answers that joined or left it, and how its definition changed since the last run."""
    entries = {t["id"]: t for t in run.codebook.get("themes", [])}
    previous = (
        AnalysisRun.objects.filter(
            consultation=run.consultation_id,
            status=AnalysisRun.Status.SUCCEEDED,
            created_at__lte=run.created_at,
        )
        .exclude(pk=run.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    before_entries = {t["id"]: t for t in (previous.codebook if previous else {}).get("themes", [])}
    examples_before = _examples_per_theme(previous.examples if previous else [])
    examples_after = _examples_per_theme(run.examples)
    totals = {}
    for changes in run.batches.values_list("changes", flat=True):
        for theme_id, row in changes.items():
            total = totals.setdefault(int(theme_id), {"joined": 0, "left": 0, "joined_new": 0})
            for field, n in row.items():
                total[field] += n
    after = selectors.respondent_counts(consultation=run.consultation_id)
    themes = Theme.objects.filter(
        pk__in={*entries, *totals, *(int(k) for k in run.respondents_before), *after}
    ).order_by("name", "pk")
    merged = _merged_since(previous, themes)
    ThemeChange.objects.filter(run=run).delete()
    rows = []
    for theme in themes:
        entry, old = entries.get(theme.pk), before_entries.get(theme.pk)
        names = {theme.name, (entry or {}).get("name"), (old or {}).get("name")} - {None}
        total = totals.get(theme.pk, {})
        rows.append(
            ThemeChange(
                run=run,
                theme=theme,
                theme_name=theme.name,
                respondents_before=run.respondents_before.get(str(theme.pk), 0),
                respondents_after=after.get(theme.pk, 0),
                answers_joined=total.get("joined", 0),
                answers_left=total.get("left", 0),
                joined_new=total.get("joined_new", 0),
                definition=_definition_change(
                    _definition(old),
                    _definition(entry),
                    sum(examples_before.get(n, 0) for n in names),
                    sum(examples_after.get(n, 0) for n in names),
                )
                | ({"merged": merged[theme.pk]} if theme.pk in merged else {}),
            )
        )
    ThemeChange.objects.bulk_create(rows)
    return rows


@transaction.atomic
def campaigns_regroup(*, consultation):
    """Group identical and near-identical answers across the consultation (counted once)."""
    rows = list(
        AnswerAnalysis.objects.filter(
            consultation=consultation,
            answer__response__status="submitted",
        )
        .order_by("answer_id")
        .values_list("pk", "fingerprint", "minhash")
    )
    prints = [Fingerprint(text_hash=fp, minhash=bytes.fromhex(mh)) for _pk, fp, mh in rows]
    groups = group_campaigns(prints=prints)
    wanted = {}
    for group in groups:
        for i in group.member_indexes:
            wanted[rows[i][0]] = (group.group_id, i == group.representative_index)
    # Only the rows whose group changed are written, one query per new value: a refresh that
    # adds a few answers to a large consultation touches a handful of rows.
    current = {
        pk: (group_id, representative)
        for pk, group_id, representative in AnswerAnalysis.objects.filter(consultation=consultation)
        .exclude(campaign_group="", is_campaign_representative=False)
        .values_list("pk", "campaign_group", "is_campaign_representative")
    }
    changes = {}
    for pk, value in wanted.items():
        if current.get(pk) != value:
            changes.setdefault(value, []).append(pk)
    for pk in current:
        if pk not in wanted:
            changes.setdefault(("", False), []).append(pk)
    for (group_id, representative), pks in sorted(changes.items()):
        AnswerAnalysis.objects.filter(pk__in=sorted(pks)).update(
            campaign_group=group_id, is_campaign_representative=representative
        )
    return groups


def themes_discover(*, run):
    """Propose themes from the answers the coding frame does not cover yet (all if no frame).

    Earlier proposals nobody acted on are replaced; accepted and dropped themes stay.
    """
    consultation = run.consultation
    counted = selectors.counted_analyses(consultation=consultation)
    covered = selectors.live_tags(consultation=consultation).values("answer_id")
    analyses = list(
        counted.exclude(answer_id__in=covered).select_related("answer").order_by("answer_id")
    )
    inputs = [
        analysis.Response(id=str(a.answer_id), text=a.redacted_text, consent_to_quote=False)
        for a in analyses
    ]
    stored = [
        analysis.ResponseAnalysis(
            id=str(a.answer_id),
            non_answer=a.non_answer,
            redacted_text=a.redacted_text,
            redaction_kinds=tuple(a.redaction_kinds),
            base_polarity=a.base_polarity,
            polarity=a.polarity,
            sentiment=a.sentiment,
            sentiment_phrases=tuple(a.sentiment_phrases),
            phrases=tuple(a.key_phrases),
            stems=tuple(a.stems),
            coded_themes=(),
            evidence=tuple(a.evidence),
            stance=a.stance,
            # Campaigns are already grouped across the consultation: treat each as unique here.
            text_hash=a.fingerprint,
            minhash=b"",
        )
        for a in analyses
    ]
    result = (
        analysis.merge_batches(responses=inputs, analyses=stored, max_themes=run.max_themes)
        if stored
        else None
    )
    with transaction.atomic():
        Theme.objects.filter(
            consultation=consultation,
            status=Theme.Status.PROPOSED,
            origin=Theme.Origin.DISCOVERED,
        ).delete()
        if result is None:
            return []
        taken = {
            n.lower()
            for n in Theme.objects.filter(consultation=consultation).values_list("name", flat=True)
        }
        created = {}
        for found in result.discovered:
            name = found.name[:110]
            base, k = name, 2
            while name.lower() in taken:
                name = f"{base} ({k})"
                k += 1
            taken.add(name.lower())
            created[found.name] = Theme.objects.create(
                consultation=consultation,
                name=name,
                origin=Theme.Origin.DISCOVERED,
                status=Theme.Status.PROPOSED,
                # Discovery's phrases explain the proposal; they are not its keywords (accepting
                # a proposal asks for a definition, see `services.theme_accept`).
                key_phrases=list(found.key_phrases),
                proposed_size=found.size,
                created_by=run.started_by,
            )
        tags = []
        responses = dict(
            Answer.objects.filter(
                pk__in=[int(r.id) for r in result.responses if r.primary_theme in created]
            ).values_list("pk", "response_id")
        )
        for response in result.responses:
            if response.primary_theme in created:
                score = dict(response.themes).get(response.primary_theme, 0.0)
                tags.append(
                    AnswerTheme(
                        answer_id=int(response.id),
                        response_id=responses[int(response.id)],
                        theme=created[response.primary_theme],
                        score=round(score, 6),
                    )
                )
        AnswerTheme.objects.bulk_create(tags, ignore_conflicts=True)
    return list(created.values())


def analysis_runs_resume(*, now=None):
    """Re-enqueue the unfinished batches of runs whose worker seems lost (no progress lately)."""
    from feedback.themes import tasks

    now = now or timezone.now()
    resumed = []
    for run in AnalysisRun.objects.filter(status__in=AnalysisRun.ACTIVE_STATUSES):
        last = (
            run.batches.filter(is_done=True)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
            or run.started_at
            or run.created_at
        )
        if now - last < STALE_AFTER:
            continue
        if (
            run.status == AnalysisRun.Status.FINISHING
            or not run.batches.filter(is_done=False).exists()
        ):
            AnalysisRun.objects.filter(pk=run.pk).update(status=AnalysisRun.Status.FINISHING)
            tasks.finish_run.enqueue(run_id=run.pk)
        else:
            for batch_id in run.batches.filter(is_done=False).values_list("pk", flat=True):
                tasks.analyse_batch.enqueue(batch_id=batch_id)
        resumed.append(run)
    return resumed


def analysis_refresh_due():
    """Start incremental runs for consultations with an accepted frame and new answers."""
    from consultations.models import ConsultationPage

    started = []
    with_frame = Theme.objects.filter(status=Theme.Status.ACCEPTED).values("consultation_id")
    for consultation in ConsultationPage.objects.filter(pk__in=with_frame):
        if AnalysisRun.objects.filter(
            consultation=consultation, status__in=AnalysisRun.ACTIVE_STATUSES
        ).exists():
            continue
        if selectors.answers_pending(consultation=consultation):
            started.append(
                analysis_run_start(consultation=consultation, kind=AnalysisRun.Kind.INCREMENTAL)
            )
    return started


# --- Previewing a theme's definition ---------------------------------------------------------


def theme_definition_preview(*, theme, description, keywords, name=None, samples=PREVIEW_SAMPLES):
    """What the next full run would do to a theme with this name and definition, unsaved.

    The counted answers are analysed as a run would (the rest of the coding frame and the
    analysts' decisions as they are), and compared with the answers the theme has now. The
    name counts (the analysis reads a theme's name with its definition), so a rename is
    previewed under the new name, and the analysts' decisions and child themes follow it as
    they would once saved. A person's decisions stand, as in a run. Returns answers and
    respondents now and after, answers joining and leaving, and a few redacted examples of each.
    """
    consultation = theme.consultation
    keywords = clean_keywords(keywords)
    description = (description or "").strip()
    check_definition(theme=theme, description=description, keywords=keywords)
    old_name = theme.name
    name = (
        old_name
        if name is None
        else clean_name(consultation=consultation, name=name, exclude=theme)
    )
    frame = selectors.codebook_for(consultation=consultation).get("themes", [])
    entries = [
        {**t, "parent": name if t["parent"] == old_name else t["parent"]}
        for t in frame
        if t["id"] != theme.pk
    ]
    names = {t["name"] for t in entries}
    if keywords or description:
        parent = theme.parent.name if theme.parent and theme.parent.name in names else None
        entries.append(
            {
                "id": theme.pk,
                "name": name,
                "description": description,
                "keywords": keywords,
                "parent": parent,
            }
        )
        entries.sort(key=selectors.codebook_order)  # where a run would have it
    answers = list(
        Answer.objects.filter(
            pk__in=selectors.counted_analyses(consultation=consultation).values("answer_id")
        )
        .select_related("question", "response", "analysis")
        .order_by("pk")
    )
    would = set()
    if keywords or description:
        codebook = {"themes": entries}
        examples = [
            [text, name if theme_name == old_name else theme_name, agrees]
            for text, theme_name, agrees in selectors.labelled_texts(
                consultation=consultation,
                examples=selectors.labelled_examples(consultation=consultation),
            )
        ]
        confirmed, removed = _decisions(examples)
        # Only the coding-frame step of a run (the same tags, without sentiment, redaction or
        # phrases), so the preview stays quick in a large consultation.
        for start in range(0, len(answers), BATCH_SIZE):
            chunk = answers[start : start + BATCH_SIZE]
            for answer_id, non_answer, coded in analysis.code_batch(
                responses=_run_inputs(chunk),
                codebook=codebook,
                examples=confirmed,
                rejected=removed,
            ):
                if not non_answer and any(tag[0] == name for tag in coded):
                    would.add(int(answer_id))
    decided = dict(
        theme.answer_tags.filter(source=AnswerTheme.Source.MANUAL).values_list(
            "answer_id", "is_rejected"
        )
    )
    would = (would - {a for a, rejected in decided.items() if rejected}) | {
        a for a, rejected in decided.items() if not rejected
    }
    counted = {a.pk: a for a in answers}
    now = set(
        selectors.live_tags(consultation=consultation, statuses=[theme.status])
        .filter(theme=theme)
        .values_list("answer_id", flat=True)
    )
    would &= counted.keys()
    joining, leaving = sorted(would - now), sorted(now - would)

    def respondents(ids):
        return len({counted[a].response_id for a in ids if a in counted})

    def texts(ids):
        return [counted[a].analysis.redacted_text for a in ids[:samples] if a in counted]

    return {
        "defined": bool(keywords or description),
        "answers_now": len(now),
        "answers_after": len(would),
        "respondents_now": respondents(now),
        "respondents_after": respondents(would),
        "joining": len(joining),
        "leaving": len(leaving),
        "joining_examples": texts(joining),
        "leaving_examples": texts(leaving),
    }
