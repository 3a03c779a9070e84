"""Every named URL pattern of the site, for the tests that walk them all (login, the
permission matrix, forbidden actions, select labels, the phone-width walk)."""

from django.urls import URLPattern, URLResolver, get_resolver


def url_patterns(patterns=None, namespace="", *, unnamed=False):
    """(``namespace:name``, pattern) for every named pattern (and, with ``unnamed``, the
    others too), in the order Django tries them."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, inner, unnamed=unnamed)
        elif isinstance(pattern, URLPattern) and (pattern.name or unnamed):
            yield f"{namespace}{pattern.name}", pattern
