"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's
live_server.

Fixtures for every app's browser tests:
  page                a fresh page (desktop 1280×900) whose base URL is the live server,
                      guarded against CSP violations, JS errors and failed sub-resources
  new_page(**kw)      another guarded page with its own context (viewport, java_script_enabled, ...)
  login(page, user)   signs in through the real login form with conftest.PASSWORD
  axe_check(page)     runs the vendored axe-core and fails on serious/critical violations
  screenshot(page, n) saves a full-page PNG to tests/browser/screenshots/<n>.png
  csp_violations      the problems collected on every guarded page of the test (a list; a test
                      that provokes one on purpose may inspect and clear it)

Never `playwright install`: the browser is Debian's /usr/bin/chromium (see README.md here).
"""

import json
import os
import re
from pathlib import Path

import pytest

import personas

# Playwright's sync API keeps an asyncio event loop running in the test thread (driven by
# greenlets). Django sees that running loop and refuses every ORM call from this thread
# with SynchronousOnlyOperation, although nothing here is actually concurrent: the test
# blocks while Playwright waits. Browser tests need the ORM in the test thread to set up
# data and to assert on the database, so the check is switched off for this process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("KUNSKAPSNOD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # containers and CI run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",  # no calls home during tests
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent


# Re-exported: browser tests import it from here with LOGIN_PATH and MOBILE.
PASSWORD = personas.PASSWORD
AXE_SOURCE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
REQUIRE_BROWSER = os.environ.get("KUNSKAPSNOD_REQUIRE_BROWSER") == "1"
# Generous waits: CI runs two workers and two Chromiums on two cores. Waits end as soon as
# the condition holds, so a passing test is no slower for it.
TIMEOUT_MS = 20_000

# Runs before any page script. A page that breaks its own CSP is a bug, so violations are
# reported to the test through the console; Chromium also logs them there itself.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.location.href}:${e.lineNumber}`);
});
"""
# Chromium logs every failed HTTP response as a console error. Those are judged by the
# response listener instead, which knows whether it was the page itself (a 404 page can be
# the expected answer) or a sub-resource (a missing stylesheet is always a bug).
ASSET_TYPES = {"stylesheet", "script", "image", "font", "media", "manifest"}
FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status of \d+")


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; apt-get install chromium")
    browser_tests = [item for item in items if HERE in Path(str(item.path)).parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists() and not REQUIRE_BROWSER:
            item.add_marker(skip)
    # Live-server tests get a file-based SQLite test database from tests/conftest.py.


@pytest.fixture(scope="session")
def playwright_browser():
    if not CHROMIUM.exists():
        pytest.fail(f"KUNSKAPSNOD_REQUIRE_BROWSER=1 but Chromium is missing at {CHROMIUM}")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _guard(page, problems: list[str]) -> None:
    def on_console(message):
        if message.type == "error" and not FAILED_RESOURCE.match(message.text):
            problems.append(f"console error on {page.url}: {message.text}")

    def on_response(response):
        # A page or an HTMX/fetch call may answer 403, 404 or 429 on purpose (the test asserts
        # that); a missing asset is always a bug, and so is a server error.
        asset = response.request.resource_type in ASSET_TYPES
        if response.status >= 500 or (response.status >= 400 and asset):
            problems.append(f"{response.status} for {response.url} (on {page.url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))
    page.on("response", on_response)


@pytest.fixture
def csp_violations():
    problems: list[str] = []
    yield problems
    if problems:
        pytest.fail(
            "The browser reported problems (CSP, JavaScript or sub-resources):\n  " + "\n  ".join(problems),
            pytrace=False,
        )


@pytest.fixture
def new_page(playwright_browser, live_server, csp_violations):
    """Factory: a guarded page in a new context; keyword arguments go to new_context."""
    contexts = []

    def make(**context_options):
        options = {
            "base_url": live_server.url,
            "viewport": DESKTOP,
            "locale": "sv-SE",
            **context_options,
        }
        context = playwright_browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_REPORTER)
        contexts.append(context)
        page = context.new_page()
        _guard(page, csp_violations)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


LOGIN_PATH = "/konto/logga-in/"


@pytest.fixture
def login():
    """Sign in through the login form. When success is expected (the right password, by
    default) it waits until the browser has left the login page, so the next step sees a
    signed-in user."""

    def sign_in(page, user, password: str = PASSWORD, *, succeeds: bool | None = None):
        page.goto(LOGIN_PATH)
        page.get_by_label("Användarnamn").fill(user.get_username())
        page.get_by_label(re.compile(r"^Lösenord")).fill(password)
        page.get_by_role("button", name="Logga in").click()
        if succeeds if succeeds is not None else password == PASSWORD:
            page.wait_for_url(lambda url: LOGIN_PATH not in url)
        page.wait_for_load_state()
        return page

    return sign_in


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} serious/critical violation(s) on {url}"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  {v['helpUrl']}")
        for node in v["nodes"][:10]:
            target = " ".join(map(str, node["target"]))
            lines.append(f"    {target}: {node.get('failureSummary', '').strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def axe_check(axe_source):
    """Run axe-core on the current page; fail on serious or critical violations.

    The strict CSP (script-src 'self') blocks add_script_tag(content=...), which inserts
    an inline <script>. page.evaluate runs through the DevTools protocol, which CSP does
    not govern, so axe is injected that way and the page keeps its real policy."""

    def check(page, *, context=None, options=None):
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        results = page.evaluate(
            # page.evaluate has no timeout of its own: never let a stuck run hang the suite.
            """([context, options, ms]) => Promise.race([
                axe.run(context || document, options || {}),
                new Promise((_, fail) => setTimeout(() => fail(new Error(`axe-core ran over ${ms} ms`)), ms)),
            ])""",
            [context, options or {"resultTypes": ["violations"]}, TIMEOUT_MS * 3],
        )
        serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            pytest.fail(_format_violations(page.url, serious), pytrace=False)
        return results

    return check


@pytest.fixture
def screenshot():
    def take(page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def dump(value) -> str:
    """Readable JSON for assertion messages."""
    return json.dumps(value, ensure_ascii=False, indent=2)
