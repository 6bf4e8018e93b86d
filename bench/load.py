"""Load test: 50+ concurrent people browsing, responding and registering against gunicorn.

For SQLite and then PostgreSQL it makes a fresh database (migrated, demo loaded, one bench
consultation and one bench workshop added), collects static files, starts gunicorn with several
workers on a free loopback port under production settings (bench/load_settings.py), and for a
fixed time drives N concurrent clients, each looping over a mix of page views, complete
questionnaire responses and workshop registrations. Afterwards it checks that every accepted
response and registration is in the database exactly once and that no request got a 5xx, and
prints throughput and p50/p95/p99 latency for page views and for writes (POSTs) separately, and
per kind of request, with the machine's load average.

Think time: each simulated person pauses between requests as people do, reading a page before
following a link or filling in a form before sending it: a random 0.5 to 2 seconds by default
(--think-min/--think-max; `--think-max 0` hammers the server with no pause, which measures
saturation rather than what 60 people using the site feel). Every client is a stream of visitors:
each action (view a page, respond from start to "sent", register for the workshop) starts with
fresh cookies, like a new person arriving.

    .venv/bin/python bench/load.py [--clients 60] [--duration 30] [--workers 4] [--threads 4]
                                   [--think-min 0.5] [--think-max 2] [--postgres-db engage_load]
                                   [--warm-up] [--stagger] [--skip-sqlite] [--skip-postgres]

PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres) is used to
create a database of its own (--postgres-db, default engage_load), dropped and recreated each run.
Exit status 0 only when nothing was lost, nothing got a 5xx, page p95 < 250 ms and p99 < 500 ms.
"""

import argparse
import json
import random
import re
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import (  # noqa: E402
    bench_env,
    free_port,
    fresh_postgres_url,
    load_average,
    manage,
    postgres_backends_cpu_seconds,
    process_tree_cpu_seconds,
    start_gunicorn,
    stop,
)

__all__ = ["free_port", "manage", "start_gunicorn", "stop"]  # used by bench/faults.py too
SETTINGS = "bench.load_settings"
SLUG = "bench-load-consultation"
# Issue 15: page views p95 < 250 ms and p99 < 500 ms.
PAGE_P95_TARGET_MS = 250
PAGE_P99_TARGET_MS = 500

SETUP = r"""
import json
import django
django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

call_command("load_demo", verbosity=0)
from consultations.models import ConsultationIndexPage, ConsultationPage, EventIndexPage
from consultations.models import WorkshopEventPage

now = timezone.now()
home = Site.objects.get(is_default_site=True).root_page
index = ConsultationIndexPage.objects.first() or home.add_child(
    instance=ConsultationIndexPage(title="Consultations", slug="bench-consultations"))
page = index.add_child(instance=ConsultationPage(
    title="Load test consultation", slug="__SLUG__", summary="A consultation for the load test.",
    opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30)))
result = {"consultation": None, "event": None}
try:
    from feedback.models import Question, QuestionSection, Questionnaire
except ImportError:
    pass
else:
    questionnaire = Questionnaire.objects.create(consultation=page)
    first = QuestionSection.objects.create(questionnaire=questionnaire, title="Proposal",
                                           sort_order=0)
    second = QuestionSection.objects.create(questionnaire=questionnaire, title="Views",
                                            sort_order=1)
    Question.objects.create(section=first, kind="agreement", text="Do you agree?",
                            required=True, sort_order=0)
    Question.objects.create(section=second, kind="long_text", text="Tell us more",
                            sort_order=0)
    result["consultation"] = "__SLUG__"
events = EventIndexPage.objects.first() or home
event = events.add_child(instance=WorkshopEventPage(
    title="Load test workshop", slug="bench-load-workshop", summary="For the load test.",
    starts_at=now + timedelta(days=10), ends_at=now + timedelta(days=10, hours=2),
    capacity=100000))
result["event"] = event.pk
result["pages"] = sorted({p.url for p in Page.objects.live().public().specific() if p.url})
print(json.dumps(result))
""".replace("__SLUG__", SLUG)

CHECK = r"""
import json, sys
import django
django.setup()
from django.apps import apps
markers = json.loads(sys.stdin.read())
out = {"responses": {}, "registrations": {}, "bench_responses": 0, "bench_registrations": 0}
try:
    Answer = apps.get_model("feedback", "Answer")
except LookupError:
    Answer = None
if Answer is not None:
    rows = (Answer.objects.filter(text__startswith="load-", response__status="submitted")
            .values_list("text", "response_id"))
    per_marker = {}
    for text, response_id in rows:
        per_marker.setdefault(text, set()).add(response_id)
    out["responses"] = {m: len(per_marker.get(m, ())) for m in markers["responses"]}
    out["bench_responses"] = len(per_marker)
Registration = apps.get_model("consultations", "Registration")
emails = {}
for email in Registration.objects.filter(email__startswith="load-").values_list("email",
                                                                                flat=True):
    emails[email.lower()] = emails.get(email.lower(), 0) + 1
out["registrations"] = {m: emails.get(m, 0) for m in markers["registrations"]}
out["bench_registrations"] = len(emails)
print(json.dumps(out))
"""


class FormParser(HTMLParser):
    """The fields of the page's POST forms: enough to fill in a form like a person would."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {
                "action": attrs.get("action", ""),
                "method": attrs.get("method", ""),
                "fields": [],
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form["fields"].append(
                {
                    "tag": "input",
                    "type": (attrs.get("type") or "text").lower(),
                    "name": attrs.get("name"),
                    "value": attrs.get("value", ""),
                    "required": "required" in attrs,
                    "checked": "checked" in attrs,
                }
            )
        elif tag == "select":
            self._select = {"tag": "select", "name": attrs.get("name"), "options": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._form["fields"].append(
                {"tag": "textarea", "name": attrs.get("name"), "required": "required" in attrs}
            )
        elif tag == "button" and attrs.get("name"):
            self._form["fields"].append(
                {"tag": "button", "name": attrs["name"], "value": attrs.get("value", "")}
            )

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def fill_form(html, marker, email):
    """Return (action, data) for the first POST form with a CSRF token, filled in plausibly."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        names = {field.get("name") for field in form["fields"]}
        if form["method"].lower() != "post" or "csrfmiddlewaretoken" not in names:
            continue
        data, radios, buttons = {}, defaultdict(list), []
        for field in form["fields"]:
            name = field.get("name")
            if not name:
                continue
            kind = field.get("type", field["tag"])
            if field["tag"] == "button":
                buttons.append(field)
            elif kind in ("hidden",):
                data[name] = field["value"]
            elif kind == "radio":
                radios[name].append(field["value"])
            elif kind == "checkbox":
                if field["required"]:
                    data[name] = field["value"] or "on"
            elif field["tag"] == "select":
                options = [option for option in field["options"] if option]
                if options:
                    data[name] = options[0]
            elif kind == "email" or "email" in name:
                data[name] = email
            elif kind == "number":
                data[name] = "3"
            elif (kind in ("text", "textarea", "search") or field["tag"] == "textarea") and (
                name.startswith("q_") or field.get("required") or "name" in name
            ):
                data[name] = marker if name.startswith("q_") else "Load Tester"
        for name, values in radios.items():
            # "No" avoids follow-up questions (organisation name and the like).
            data[name] = next((v for v in values if v.lower() in ("no", "false")), values[0])
        preferred = [
            b for b in buttons if re.search(r"continue|next|send|submit", b["value"], re.I)
        ]
        if preferred or buttons:
            button = (preferred or buttons)[0]
            data[button["name"]] = button["value"]
        return form["action"], data
    return None, None


def percentile(values, fraction):
    """The value below which `fraction` of the sorted values fall (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered))) - 1))]


# Kinds of request, and the groups the summary reports (the target applies to "pages").
PAGE_KINDS = ("page", "respond-form")  # every GET of an HTML page
WRITE_KINDS = ("respond-post", "respond-send", "register")  # every POST


class Client(threading.Thread):
    """A stream of simulated people, one after another, looping until the deadline.

    Each action starts with fresh cookies (a new visitor). Between requests the person pauses
    for a random think time in [think_min, think_max] seconds: reading before the next page,
    filling in a form before sending it.
    """

    def __init__(self, base, targets, deadline, seed, mix, think=(0.0, 0.0), stagger=False):
        super().__init__(daemon=True)
        self.stagger = stagger
        self.base = base
        self.targets = targets
        self.deadline = deadline
        self.random = random.Random(seed)
        self.mix = mix
        self.think_min, self.think_max = think
        self.latencies = defaultdict(list)
        self.statuses = Counter()
        self.page_cache = Counter()
        self.page_latencies = defaultdict(list)
        self.errors = []
        self.accepted_responses = []
        self.accepted_registrations = []

    def request(self, kind, method, path, **kwargs):
        session = self.session
        started = time.perf_counter()
        try:
            response = session.request(
                method, self.base + path, allow_redirects=False, timeout=60, **kwargs
            )
        except requests.RequestException as error:
            self.errors.append(f"{method} {path}: {error}")
            self.statuses["connection-error"] += 1
            return None
        self.latencies[kind].append(time.perf_counter() - started)
        if kind == "page":
            self.page_latencies[path].append(self.latencies[kind][-1])
        self.statuses[response.status_code] += 1
        self.page_cache[response.headers.get("X-Page-Cache", "not cacheable")] += 1
        if response.status_code >= 500:
            self.errors.append(f"{method} {path}: {response.status_code}")
        return response

    def think(self):
        """Pause like a person reading or typing."""
        if self.think_max > 0:
            time.sleep(self.random.uniform(self.think_min, self.think_max))

    def view_page(self):
        self.request("page", "GET", self.random.choice(self.targets["pages"]))

    def respond(self):
        slug = self.targets["consultation"]
        marker = f"load-{uuid.uuid4().hex}"
        path = f"/respond/{slug}/"
        response = self.request("respond-form", "GET", path)
        for _step in range(12):
            if response is None:
                return
            if response.status_code in (301, 302, 303):
                location = response.headers["Location"]
                location = location.replace(self.base, "")
                if "/sent/" in location:
                    self.accepted_responses.append(marker)
                    self.request("respond-form", "GET", location)
                    return
                path = location
                response = self.request("respond-form", "GET", path)
                continue
            if response.status_code != 200:
                return
            action, data = fill_form(response.text, marker, f"{marker}@example.org")
            if data is None:
                return
            self.think()  # filling in the form
            kind = "respond-send" if "/check/" in path else "respond-post"
            response = self.request(kind, "POST", action or path, data=data)
            path = action or path

    def register(self):
        event_id = self.targets["event"]
        email = f"load-{uuid.uuid4().hex}@example.org"
        page = self.request("page", "GET", self.targets["event_url"])
        if page is None or page.status_code != 200:
            return
        action, data = fill_form(page.text, "Load Tester", email)
        if data is None:
            return
        self.think()  # filling in the form
        data.update({"name": "Load Tester", "email": email})
        response = self.request(
            "register", "POST", action or f"/workshops/{event_id}/register/", data=data
        )
        if (
            response is not None
            and response.status_code in (302, 303)
            and "/registered/" in response.headers.get("Location", "")
        ):
            self.accepted_registrations.append(email)

    def run(self):
        actions = [self.view_page] * self.mix[0]
        if self.targets.get("consultation"):
            actions += [self.respond] * self.mix[1]
        if self.targets.get("event_url"):
            actions += [self.register] * self.mix[2]
        if self.stagger:
            self.think()  # people arrive one by one over the first seconds, not all at once
        while time.monotonic() < self.deadline:
            self.session = requests.Session()  # a new visitor each time: fresh cookies
            self.random.choice(actions)()
            self.think()  # reading what came back before the next click


def prepare(database_url, static_root):
    """A fresh, migrated database with the demo and the bench pages; return env and targets."""
    env = bench_env(SETTINGS, database_url, STATIC_ROOT=static_root)
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    if not (Path(static_root) / "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0")
    targets = json.loads(manage(env, "-c", SETUP).strip().splitlines()[-1])
    targets["event_url"] = None
    print(f"  database prepared in {time.perf_counter() - started:.0f}s")
    return env, targets


def discover_targets(base, targets):
    """Fill in what the running site offers: the pages, the respond journey, the workshop form."""
    for url in targets["pages"]:
        if "load-workshop" in url:
            targets["event_url"] = url
    # The bench's own consultation and workshop are reached through their journeys.
    targets["pages"] = [u for u in targets["pages"] if "load-" not in u] or ["/"]
    if not targets.get("consultation") or not _respond_exists(base, targets):
        print("  (respond journey not available: page views and registrations only)")
        targets["consultation"] = None
    if targets["event_url"] and not _register_form_exists(base, targets):
        print("  (registration form not available: no registrations)")
        targets["event_url"] = None
    return targets


def _summary_line(name, values, elapsed):
    if not values:
        return f"  {name:<14}{0:>7}"
    return (
        f"  {name:<14}{len(values):>7}{len(values) / elapsed:>7.1f}"
        f"{percentile(values, 0.50) * 1000:>9.0f}{percentile(values, 0.95) * 1000:>9.0f}"
        f"{percentile(values, 0.99) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
    )


def run(label, database_url, static_root, args):
    """Run the load against one database; return True when it passed."""
    think = (args.think_min, args.think_max)
    print(
        f"\n=== {label}: {args.clients} clients for {args.duration:.0f}s, think time "
        f"{args.think_min:g}-{args.think_max:g}s, gunicorn {args.workers} workers x "
        f"{args.threads} threads, page cache {args.page_cache}s"
        f"{', arrivals staggered' if args.stagger else ''}{', warm cache' if args.warm_up else ''}"
    )
    env, targets = prepare(database_url, static_root)
    env["ENGAGE_PAGE_CACHE_SECONDS"] = str(args.page_cache)
    process, base = start_gunicorn(env, args.workers, args.threads, port=args.port)
    try:
        requests.get(f"{base}/", timeout=30)
        discover_targets(base, targets)
        if args.warm_up:
            # One anonymous visit to each page first, as a live site's cache already holds its
            # pages; these requests are not timed or counted.
            for url in targets["pages"]:
                requests.get(f"{base}{url}", timeout=30)
            print(f"  warm-up: each of {len(targets['pages'])} pages visited once, not counted")
        print(f"  before: {load_average()}")
        server_cpu = process_tree_cpu_seconds(process.pid)
        client_cpu = time.process_time()
        deadline = time.monotonic() + args.duration
        mix = (args.mix_pages, args.mix_respond, args.mix_register)
        clients = [
            Client(base, targets, deadline, seed, mix, think, stagger=args.stagger)
            for seed in range(args.clients)
        ]
        started = time.perf_counter()
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.perf_counter() - started
        server_cpu = process_tree_cpu_seconds(process.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
        database_cpu = postgres_backends_cpu_seconds(database_url)
        print(f"  after:  {load_average()} (machine shared with other work)")
        database = (
            f", PostgreSQL backends {database_cpu:.1f}s ({database_cpu / elapsed:.2f} cores)"
            if database_cpu is not None
            else ""
        )
        print(
            f"  CPU used: gunicorn {server_cpu:.1f}s ({server_cpu / elapsed:.2f} cores)"
            f"{database}, load generator {client_cpu:.1f}s ({client_cpu / elapsed:.2f} cores) "
            f"in {elapsed:.1f}s"
        )
    finally:
        stop(process)

    latencies = defaultdict(list)
    statuses = Counter()
    page_cache = Counter()
    per_page = defaultdict(list)
    errors = []
    accepted = {"responses": [], "registrations": []}
    for client in clients:
        for path, values in client.page_latencies.items():
            per_page[path].extend(values)
        for kind, values in client.latencies.items():
            latencies[kind].extend(values)
        statuses.update(client.statuses)
        page_cache.update(client.page_cache)
        errors.extend(client.errors)
        accepted["responses"].extend(client.accepted_responses)
        accepted["registrations"].extend(client.accepted_registrations)

    stored = json.loads(manage(env, "-c", CHECK, stdin=json.dumps(accepted)).strip())
    lost_responses = [m for m, n in stored["responses"].items() if n == 0]
    doubled_responses = [m for m, n in stored["responses"].items() if n > 1]
    lost_registrations = [m for m, n in stored["registrations"].items() if n == 0]
    doubled_registrations = [m for m, n in stored["registrations"].items() if n > 1]
    total = sum(len(v) for v in latencies.values())
    pages = [value for kind in PAGE_KINDS for value in latencies.get(kind, [])]
    writes = [value for kind in WRITE_KINDS for value in latencies.get(kind, [])]
    print(f"  requests: {total} in {elapsed:.1f}s = {total / elapsed:.1f} requests/s")
    print(f"  statuses: {dict(sorted(statuses.items(), key=lambda kv: str(kv[0])))}")
    print(f"  page cache (X-Page-Cache): {dict(sorted(page_cache.items()))}")
    header = (
        f"  {'':<14}{'count':>7}{'per s':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    print(header)
    print(_summary_line("PAGES (GET)", pages, elapsed))
    print(_summary_line("WRITES (POST)", writes, elapsed))
    for kind in sorted(latencies):
        print(_summary_line(kind, latencies[kind], elapsed))
    slowest = sorted(per_page, key=lambda path: percentile(per_page[path], 0.95), reverse=True)
    print(
        "  slowest pages by p95: "
        + ", ".join(
            f"{path} {percentile(per_page[path], 0.95) * 1000:.0f} ms" for path in slowest[:4]
        )
    )
    print(
        f"  responses accepted {len(accepted['responses'])}, stored exactly once "
        f"{sum(1 for n in stored['responses'].values() if n == 1)}, lost {len(lost_responses)}, "
        f"doubled {len(doubled_responses)} (bench responses in the database: "
        f"{stored['bench_responses']})"
    )
    print(
        f"  registrations accepted {len(accepted['registrations'])}, stored exactly once "
        f"{sum(1 for n in stored['registrations'].values() if n == 1)}, "
        f"lost {len(lost_registrations)}, doubled {len(doubled_registrations)} "
        f"(bench registrations in the database: {stored['bench_registrations']})"
    )
    server_errors = sum(
        n for status, n in statuses.items() if isinstance(status, int) and status >= 500
    )
    page_p95 = percentile(pages, 0.95) * 1000
    page_p99 = percentile(pages, 0.99) * 1000
    for error in errors[:10]:
        print(f"  error: {error}")
    ok = (
        server_errors == 0
        and not statuses.get("connection-error")
        and not (lost_responses or doubled_responses or lost_registrations or doubled_registrations)
        and page_p95 < PAGE_P95_TARGET_MS
        and page_p99 < PAGE_P99_TARGET_MS
    )
    print(
        f"  5xx: {server_errors}; page p95 {page_p95:.0f} ms (target < {PAGE_P95_TARGET_MS}), "
        f"p99 {page_p99:.0f} ms (target < {PAGE_P99_TARGET_MS})"
    )
    print(f"RESULT {label}: {'PASS' if ok else 'FAIL'}")
    return ok


def _respond_exists(base, targets):
    try:
        response = requests.get(f"{base}/respond/{targets['consultation']}/", timeout=30)
    except requests.RequestException:
        return False
    return response.status_code == 200


def _register_form_exists(base, targets):
    page = requests.get(base + targets["event_url"], timeout=30)
    return "/register/" in page.text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--mix-pages", type=int, default=70)
    parser.add_argument("--mix-respond", type=int, default=15)
    parser.add_argument("--mix-register", type=int, default=15)
    parser.add_argument("--think-min", type=float, default=0.5, help="seconds (default 0.5)")
    parser.add_argument("--think-max", type=float, default=2.0, help="seconds; 0: no pause")
    parser.add_argument(
        "--page-cache",
        type=int,
        default=60,
        help="ENGAGE_PAGE_CACHE_SECONDS for the server (0 turns the page cache off)",
    )
    parser.add_argument("--port", type=int, default=None, help="default: a free port")
    parser.add_argument("--postgres-db", default="engage_load", help="dropped and recreated")
    parser.add_argument(
        "--warm-up",
        action="store_true",
        help="visit each page once before timing (a live site's page cache is already warm)",
    )
    parser.add_argument(
        "--stagger",
        action="store_true",
        help="each person arrives after one think time, not all in the first instant",
    )
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    # Stopped from outside: still stop gunicorn and remove the temporary files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    results = []
    with tempfile.TemporaryDirectory(prefix="engage-load-") as directory:
        static_root = Path(directory) / "static"
        if not args.skip_sqlite:
            url = f"sqlite:///{directory}/load.sqlite3"
            results.append(run("SQLite", url, static_root, args))
        if not args.skip_postgres:
            url = fresh_postgres_url(args.postgres_db)
            if url:
                results.append(run("PostgreSQL", url, static_root, args))
    raise SystemExit(0 if results and all(results) else 1)


if __name__ == "__main__":
    main()
