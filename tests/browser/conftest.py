"""Browser tests: Chromium driven by Playwright against the site as production serves it.

The site is gunicorn with production settings (`live_site`) over the test database, which the
`demo` fixture fills once for this folder with the real demo content. That data is committed, so
gunicorn can see it, and deleted again when the folder is done, so no other test ever sees it.

Every page a test opens is watched: a console error, an uncaught exception or a Content
Security Policy violation fails the test that caused it.
"""

import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Page, expect, sync_playwright

from tests.conftest import database_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = f"Chromium not found at {CHROMIUM}: browser tests skipped"
# Debian's Chromium, run as root in a container; Playwright's own browser download is not used.
# Generous limits: the suite may share the machine with other work, and a page that takes
# 20 s under load is slow, not broken. Every wait is for a real condition (a URL, a heading,
# a response), so a fast run is as fast as before; only a stuck one takes longer to fail.
NAVIGATION_TIMEOUT_MS = 90_000
ACTION_TIMEOUT_MS = 60_000
expect.set_options(timeout=30_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1366, "height": 900}
VIEWPORTS = {"phone": PHONE, "laptop": LAPTOP}

TECH_LEAD_GUIDE = "/guides/how-to-become-a-tech-lead/"
EDITOR = "browser-editor"
EDITOR_PASSWORD = "a-long-browser-test-password-7"
# A reader with a verified address, for the pages of a signed-in reader.
READER_EMAIL = "browser-reader@example.com"
READER_PASSWORD = "a-long-browser-reader-password-8"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not item.path.is_relative_to(HERE):
            continue
        if not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))
        # pytest-django creates the test database only when some test is marked as using it;
        # without the mark, gunicorn and `demo` would be handed the development database.
        item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Demo content, committed for gunicorn to read.


@dataclass(frozen=True)
class Demo:
    url: str
    company: str  # path of a listed company with open roles
    job: str  # path of one of its open roles
    team: str  # path of the page of a team the reader owns
    confirm: str  # path of the link that confirms the reader's claim on `company`
    database: str  # the URL of the database the served site uses

    def path(self, page_type: str) -> str:
        return {
            "company": self.company,
            "job": self.job,
            "reviews": f"{self.company}reviews/",
            "write-review": f"{self.company}reviews/write/",
            "report-pay": f"{self.company}pay/report/",
            "write-interview": f"{self.company}interviews/write/",
            "join-team": self.company.replace("/companies/", "/employers/claim/"),
            "confirm-address": self.confirm,
            "team": self.team,
            "new-role": f"{self.team}roles/new/",
            "team-reviews": f"{self.team}reviews/",
            "team-feed": f"{self.team}feed/",
            "invite": f"{self.team}invite/",
            "team-profile": f"{self.team}profile/",
        }[page_type]


def _delete_demo_content():
    """Delete everything `load_demo` creates, the imports the browser tests made, and the
    editor with the records of their sign-ins, in an order PROTECT allows. Migrations create
    none of these rows, so in the test database this is exactly what the browser tests added.
    (What the worker and the live site write is committed; a test's own transaction, rolled
    back at its end, would undo a deletion made in it, so the deleting is done here.)"""
    from django.apps import apps
    from django.contrib.auth.models import User
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX
    from reversion.models import Revision

    from companies.models import Company, CompanyTag, CompSignal, CultureTag, Review
    from guides.models import Author, Guide
    from jobs.models import ImportRun, Job

    database = connection.settings_dict["NAME"]
    assert database.startswith(TEST_DATABASE_PREFIX), f"refusing to empty {database!r}"
    for model in [
        Job,
        ImportRun,
        Review,
        CompanyTag,
        CompSignal,
        Company,
        Guide,
        Author,
        CultureTag,
    ]:
        model.objects.all().delete()
    Revision.objects.all().delete()  # their history, deletions included
    User.objects.filter(username__in=[EDITOR, READER_EMAIL]).delete()  # with admin log entries
    Session.objects.all().delete()
    if apps.is_installed("axes"):  # django-axes keeps sign-ins by username, not by user
        for model in apps.get_app_config("axes").get_models():
            if any(field.name == "username" for field in model._meta.get_fields()):
                model.objects.filter(username=EDITOR).delete()


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread, which Django takes
    for async code and refuses the ORM to. Nothing here is async: each test's database
    transaction and the `demo` fixture are plain blocking calls, so lift the guard while this
    folder runs (what Playwright's own pytest plugin advises)."""
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "1"}):
        yield


@pytest.fixture(scope="package")
def demo(_orm_beside_playwright, live_site, django_db_blocker):
    from django.contrib.auth.models import Group, User

    from companies.models import Company
    from jobs.models import Job

    with django_db_blocker.unblock():
        # The test database is kept between runs: clear what an interrupted run left behind,
        # or load_demo would see a full directory and load nothing.
        _delete_demo_content()
        call_command("load_demo", verbosity=0)
        editor = User.objects.create_user(EDITOR, password=EDITOR_PASSWORD, is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        from allauth.account.models import EmailAddress

        reader = User.objects.create_user(READER_EMAIL, READER_EMAIL, READER_PASSWORD)
        EmailAddress.objects.create(user=reader, email=READER_EMAIL, verified=True, primary=True)
        company = Company.objects.for_list().filter(open_role_count__gt=0).order_by("name").first()
        job = Job.objects.for_list().filter(company=company).order_by("slug").first()
        # The reader owns another company's team, and has asked to join this one's.
        from employers import claims
        from employers.models import Claim, Member

        other = Company.objects.exclude(pk=company.pk).order_by("name").first()
        Member.objects.create(
            company=other, user=reader, email=f"reader@{other.email_domains[0]}", is_owner=True
        )
        claim = Claim.objects.create(
            company=company,
            user=reader,
            email=f"reader@{company.email_domains[0]}",
            job_title="Engineering manager",
        )
        demo = Demo(
            live_site.url,
            company.get_absolute_url(),
            job.get_absolute_url(),
            team=f"/employers/team/{other.slug}/",
            confirm=claims.confirm_url(claim).removeprefix(settings.SITE_URL),
            database=database_url(connection.settings_dict),
        )
    yield demo
    with django_db_blocker.unblock():
        _delete_demo_content()


# One page of each type the public sees, by name; "company", "job" and "reviews" come from
# the demo.
PAGE_TYPES = {
    "home": "/",
    "guides": "/guides/",
    "guide": TECH_LEAD_GUIDE,
    "directory": "/companies/?tag=engineering-driven&tag=learning&ladder=on",
    "tags": "/companies/tags/",
    "tag": "/companies/tags/learning/",
    "company": None,
    "reviews": None,
    "level-mapping": "/companies/levels/?company=quillpoint&company=ashgrove-software"
    "&company=corvid-reasoning",
    "compare": "/companies/compare/?company=quillpoint&company=ashgrove-software"
    "&company=corvid-reasoning",
    "pay-by-level": "/companies/pay/?level=l5&track=ic",
    "assessment-result": f"{TECH_LEAD_GUIDE}assessment/?ticked=mentored&ticked=resent-meetings"
    "&ticked=large-company",
    "jobs": "/jobs/?workplace=remote&level=l5",
    "job": None,
    "search": "/search/?q=platform",
    "sign-in": "/account/login/",
    "sign-up": "/account/signup/",
    "for-employers": "/employers/",
    "not-found": "/no-such-page/",
}

# One page of each type a signed-in reader sees (sign_in_reader first); "write-review",
# "report-pay", "write-interview", "join-team" and "confirm-address" are the demo company's,
# "team" the page of the team the reader owns.
READER_PAGE_TYPES = {
    "account": "/account/",
    "saved-searches": "/saved/",
    "saved-roles": "/saved/roles/",
    "contributions": "/companies/contributions/",
    "write-review": None,
    "report-pay": None,
    "write-interview": None,
    "keep-result": f"{TECH_LEAD_GUIDE}assessment/keep/?ticked=mentored&ticked=large-company",
    "preferences": "/saved/preferences/?track=tech-lead&stage=series-a&tag=wear-many-hats",
    "for-you": "/saved/for-you/",
    "companies-for-you": "/saved/for-you/companies/",
    "join-team": None,
    "confirm-address": None,
    "requests-and-teams": "/employers/requests/",
    "team": None,
    "new-role": None,
    "team-reviews": None,
    "team-feed": None,
    "invite": None,
    "team-profile": None,
}


def visit(page: Page, demo: Demo, page_type: str):
    """Open the page of this type, checking it answers as it should (a reader's page as the
    reader's, not the sign-in page it sends anyone else to)."""
    path = {**PAGE_TYPES, **READER_PAGE_TYPES}[page_type] or demo.path(page_type)
    response = goto(page, path, status=404 if page_type == "not-found" else 200)
    if page_type in READER_PAGE_TYPES:
        expect(page).not_to_have_url(re.compile(r"/account/login/"))
    return response


def sign_in_reader(page: Page) -> None:
    goto(page, "/account/login/")
    page.get_by_label("Email").fill(READER_EMAIL)
    page.get_by_label("Password").fill(READER_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/account/login/"))


def as_reader(page: Page, demo: Demo) -> None:
    """Sign the page's browser in as the demo reader without the sign-in form: a session of
    their own, committed where the served site reads it, and its cookie. For the tests of
    what a signed-in reader sees, dozens in a minute, which through the form would meet the
    sign-in rate limit (the form itself is tested by sign_in_reader's callers)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    reader = User.objects.get(username=READER_EMAIL)
    data = SessionStore().encode(
        {
            SESSION_KEY: str(reader.pk),
            BACKEND_SESSION_KEY: "allauth.account.auth_backends.AuthenticationBackend",
            HASH_SESSION_KEY: reader.get_session_auth_hash(),
        }
    )
    key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
    with psycopg.connect(demo.database, autocommit=True) as own:
        own.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date) "
            "VALUES (%s, %s, %s)",
            [key, data, timezone.now() + timedelta(hours=1)],
        )
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": demo.url}]
    )


# Pages, watched for console errors, uncaught exceptions and CSP violations.

# Chrome reports a violation on the console too; the event also names the directive.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""
STATUS_MESSAGE = "Failed to load resource: the server responded with a status of {}"


@dataclass
class Watcher:
    base_url: str
    problems: list[str] = field(default_factory=list)
    # Documents a test asked for expecting a 4xx answer (a 404, a form's 400), by status;
    # Chrome logs their status as a console error.
    expected: dict[int, set[str]] = field(default_factory=dict)

    def on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        for status, urls in self.expected.items():
            if message.text.startswith(STATUS_MESSAGE.format(status)) and url in urls:
                return
        self.problems.append(f"console error on {url}: {message.text}")

    def on_page_error(self, error):
        self.problems.append(f"uncaught exception: {error}")


_watchers: dict[Page, Watcher] = {}


def _report_csp_violation(source, description):
    page = source["page"]
    _watchers[page].problems.append(f"CSP violation on {page.url}: {description}")


@pytest.fixture(scope="session")
def _contexts(browser):
    """Browser contexts by their options, shared by the tests: a context costs more to
    start than a page, and a warm cache keeps the suite fast."""
    contexts = {}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_page(demo, browser, _contexts):
    """Open a page: `open_page(viewport=PHONE, color_scheme="dark", java_script_enabled=False)`.
    Cookies are cleared when the test ends. The test fails if anything a page it opened does
    is reported as an error."""
    used = []

    def open_page(*, viewport=LAPTOP, color_scheme="light", java_script_enabled=True) -> Page:
        key = (viewport["width"], viewport["height"], color_scheme, java_script_enabled)
        if key not in _contexts:
            context = browser.new_context(
                base_url=demo.url,
                viewport=viewport,
                color_scheme=color_scheme,
                java_script_enabled=java_script_enabled,
            )
            context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
            context.set_default_timeout(ACTION_TIMEOUT_MS)
            context.expose_binding("__reportCspViolation", _report_csp_violation)
            context.add_init_script(REPORT_CSP_VIOLATIONS)
            _contexts[key] = context
        context = _contexts[key]
        used.append(context)
        page = context.new_page()
        watcher = Watcher(demo.url)
        page.on("console", watcher.on_console)
        page.on("pageerror", watcher.on_page_error)
        _watchers[page] = watcher
        return page

    yield open_page
    problems = []
    for context in used:
        for page in context.pages:
            page.close()
            problems += _watchers.pop(page).problems
        context.clear_cookies()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(open_page) -> Page:
    """A laptop-sized page in light mode."""
    return open_page()


def expect_status(page: Page, path: str, status: int):
    """Let `path` answer `status` (a 4xx) on this page without failing the test for Chrome's
    console message about it."""
    _watchers[page].expected.setdefault(status, set()).add(_watchers[page].base_url + path)


def expect_not_found(page: Page, path: str):
    expect_status(page, path, 404)


def goto(page: Page, path: str, *, status: int = 200):
    """Open `path` and check the status the server answered with."""
    if status == 404:
        expect_not_found(page, path)
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    return response


# Keyboard focus.

# Evaluated as an expression with the predicate written in: the page's CSP forbids eval.
FOCUS_STATE = """
(() => {
  const predicate = PREDICATE;
  const el = document.activeElement;
  if (!el || el === document.body) return {focused: false};
  const style = getComputedStyle(el);
  const transparent = (color) => /^rgba\\(.*,\\s*0\\)$/.test(color) || color === "transparent";
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && !transparent(style.outlineColor);
  const shadow = style.boxShadow !== "none";
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  return {
    focused: true,
    indicator: outline || shadow,
    inViewport: box.width > 0 && box.height > 0
      && x >= 0 && x <= window.innerWidth && y >= 0 && y <= window.innerHeight,
    matches: Boolean(predicate(el)),
    html: el.outerHTML.slice(0, 160),
  };
})()
"""


def focus_state(page: Page, predicate: str = "el => false") -> dict:
    return page.evaluate(FOCUS_STATE.replace("PREDICATE", predicate))


def assert_focus_visible(state: dict):
    assert state["focused"], "nothing has keyboard focus"
    assert state["indicator"], f"no visible focus indicator on {state['html']}"
    assert state["inViewport"], f"the focused element is outside the viewport: {state['html']}"


def tab_until(page: Page, predicate: str, *, limit: int = 200) -> dict:
    """Press Tab until the focused element satisfies `predicate`, a JavaScript function of the
    element; every element passed on the way must show where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focus_state(page, predicate)
        assert_focus_visible(state)
        if state["matches"]:
            return state
    raise AssertionError(f"{limit} presses of Tab never reached an element with {predicate}")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
