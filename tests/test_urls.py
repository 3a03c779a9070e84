"""Every page needs a login, except the few that are public by design."""

from urlwalk import url_patterns

# Public by design: signing in, resetting a password, choosing a language, the health
# check, workshop participation without an account, and the read-only public API.
PUBLIC = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
    "health",
    "operations:ready",  # the load balancer's readiness probe
    "operations:metrics",  # answers only the scraper's bearer token, 404 to everyone else
    "accessibility",
    "privacy",
    "workshops:join",
    "workshops:join_alias",
    "workshops:participate",
    "workshops:add_note",
    "workshops:place_note",
    "workshops:dot",
    "workshops:results",
    "workshops:stream",  # participants (their session) and signed-in users only: 403 otherwise
    "workshops:results_print",
    "workshops:results_file",
    "workshops:own_note",
    # The knowledge bank's published entries are what a visitor sees of the node: the list,
    # an entry, its attachments, the Atom feed and the printable digest. Each view shows
    # published entries only (drafts answer 404 to anyone who may not change them).
    "knowledge:index",
    "knowledge:entry",
    "knowledge:attachment",
    "knowledge:feed",
    "knowledge:digest",
    # Search: a visitor finds published knowledge-bank entries, nothing else (search/query.py).
    "search:index",
    # The respondent's pages of a survey: the one-time or open link is the key, the
    # answers are anonymous, and a wrong link answers 404 (tests/surveys/test_responding.py).
    "surveys:respond",
    "surveys:respond_open",
    "surveys:thanks",
    # The project register and its Excel file: the published projects, as the list shows them.
    "knowledge:projects",
    "knowledge:projects_xlsx",
}
PUBLIC_NAMESPACES = {"api", "admin"}
# Public only when KUNSKAPSNOD_PUBLIC_STATISTICS is on (Kolada's figures are public data):
# the statistics pages and their downloads, marked by indicators.public.public_statistics,
# which sends a visitor to the login page when the setting is off.
PUBLIC_STATISTICS = {
    "home",  # a visitor sees the region's key figures, nothing else of the start page
    "indicators:index",
    "indicators:choose_municipality",
    "indicators:compare",
    "indicators:indicator",
    "indicators:map",
    "indicators:profile",
    "indicators:profile_indicator",
    "indicators:similar",
}


def test_every_view_requires_login_unless_it_is_public_by_design():
    open_views = {
        name
        for name, view in ((n, p.callback) for n, p in url_patterns(unnamed=True))
        if not getattr(view, "login_required", True) and name.split(":")[0] not in PUBLIC_NAMESPACES
    }
    allowed = PUBLIC | PUBLIC_STATISTICS
    assert open_views <= allowed, f"views open without login: {sorted(open_views - allowed)}"


def test_the_statistics_views_are_open_only_through_the_public_statistics_setting():
    views = {name: pattern.callback for name, pattern in url_patterns(unnamed=True)}
    marked = {name for name, view in views.items() if getattr(view, "public_statistics", False)}
    assert marked == PUBLIC_STATISTICS
    assert all(not getattr(views[name], "public_statistics", False) for name in PUBLIC)
