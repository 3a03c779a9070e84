"""/api/docs serves its documentation UI from the app under the strict CSP (issue 8: the
CDN-loaded page was blank). The page guard fails on any CSP report or JavaScript error."""

from playwright.sync_api import expect


def test_the_api_docs_list_the_operations_under_the_strict_csp(page, screenshot):
    response = page.goto("/api/docs")
    assert response.status == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/api/municipalities").first).to_be_visible()
    assert operations.count() >= 10
    page.locator(".opblock-summary").first.click()  # expanding an operation runs more of the UI
    expect(page.locator(".opblock-body").first).to_be_visible()
    screenshot(page, "api-docs-desktop")


def test_the_api_docs_load_nothing_from_another_site(page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    base = page.url.split("/api/")[0]
    assert [url for url in requested if not url.startswith((base, "data:"))] == []
