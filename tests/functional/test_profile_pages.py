"""The pages of ``locality places profile`` in a real browser: axe finds no violation on the
index and a neighbourhood page, and every image loads."""

import pytest
from django.core.management import call_command

from tests.functional.conftest import VIEWPORT, assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    out = tmp_path_factory.mktemp("profile") / "york"
    call_command("places", "profile", "--la", "E06000014", "--out", str(out))
    return out


@pytest.mark.parametrize("name", ["index.html", "westfield.html"])
def test_profile_pages_pass_axe(browser, profile, name):
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    try:
        page.goto((profile / name).as_uri())
        assert page.locator("h1").count() == 1
        loaded = page.evaluate(
            "() => [...document.images].map(i => i.complete && i.naturalWidth > 0)"
        )
        assert loaded and all(loaded)
        assert_accessible(page)
    finally:
        context.close()
