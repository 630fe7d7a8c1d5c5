"""Browser journeys: Debian's chromium driven by Playwright against pytest-django's live server.

Run with `make test-browser` (`pytest -m browser`). Nothing here downloads a browser:
Playwright launches the system chromium at /usr/bin/chromium.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the main thread, so Django would
# refuse ORM calls from the test (fixtures, flushes) as "async unsafe". They are not:
# the loop never runs Django code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from django.conf import settings  # noqa: E402

from tests.factories import PASSWORD  # noqa: E402

CHROMIUM = os.environ.get("LOCALITY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = os.environ.get("LOCALITY_SCREENSHOTS") == "1"
SCREENSHOT_DIR = Path(settings.REPO_DIR) / "docs" / "images"


def _axe_path() -> Path:
    return Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, at 1280x900."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    broken_assets = []
    page.on(
        "response",
        lambda r: (
            broken_assets.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert broken_assets == [], f"assets failed to load: {broken_assets}"


def sign_in(page, email: str, password: str = PASSWORD):
    """Sign in through the real form; returns the response of the page landed on."""
    page.goto(f"{page.base_url}/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Sign in").click()
    return navigation.value


def assert_govuk_styles(page):
    """GOV.UK Frontend's stylesheet was served and applied (not a bare HTML page)."""
    max_width = page.evaluate(
        "() => getComputedStyle(document.querySelector('.govuk-width-container')).maxWidth"
    )
    assert max_width == "960px", f"GOV.UK Frontend CSS not applied (max-width {max_width!r})"


def assert_accessible(page):
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page; fail listing any violation."""
    axe = _axe_path()
    assert axe.exists(), f"{axe} is missing: run `make install` (axe-core is an npm devDependency)"
    page.add_script_tag(path=str(axe))
    results = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})""", AXE_TAGS
    )
    violations = results["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
            for node in v["nodes"]:
                lines.append(f"    target {json.dumps(node['target'])}: {node['html'][:200]}")
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                if summary:
                    lines.append(f"      {summary[:300]}")
        message = "\n".join(lines)
        print(message)  # noqa: T201 (shown under -s as well as in the failure)
        pytest.fail(message, pytrace=False)


def screenshot(page, name: str):
    """Save docs/images/<name>.png when LOCALITY_SCREENSHOTS=1 (the README shows them)."""
    if not SCREENSHOTS:
        return None
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
