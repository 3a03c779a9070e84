"""The browser fixtures themselves: a checker that cannot fail proves nothing."""

import pytest


def test_axe_check_fails_with_a_readable_list_of_serious_violations(page, login, boras_editor, axe_check):
    login(page, boras_editor)
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
            img.id = "utan-alt";
            document.querySelector("main").append(img);
        }"""
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "#utan-alt" in message
    assert page.url in message


def test_axe_check_runs_under_the_strict_csp_without_violating_it(page, login, boras_editor, axe_check, csp_violations):
    login(page, boras_editor)
    results = axe_check(page)
    assert results["testEngine"]["version"] == "4.14.1"
    assert csp_violations == []


def test_the_guard_reports_an_inline_script_the_csp_blocks(page, login, boras_editor, csp_violations):
    login(page, boras_editor)
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true")
    assert not page.evaluate("() => window.injected === true")
    # Chromium's own console report can arrive before the page's securitypolicyviolation
    # listener logs; either one is the guard catching the violation.
    assert any(
        "CSP violation: script-src" in problem or "violates the following Content Security Policy" in problem
        for problem in csp_violations
    ), csp_violations
    csp_violations.clear()  # provoked on purpose: the guard would fail this test otherwise


def test_the_guard_reports_a_missing_sub_resource(page, login, boras_editor, csp_violations):
    login(page, boras_editor)
    with page.expect_response("**/finns-inte.css"):
        page.evaluate(
            """() => {
                const link = document.createElement("link");
                link.rel = "stylesheet";
                link.href = "/static/css/finns-inte.css";
                document.head.append(link);
            }"""
        )
    assert any("404 for" in problem and "finns-inte.css" in problem for problem in csp_violations), csp_violations
    csp_violations.clear()
