"""A URLconf with a view that fails, for the tests of what a server error leaves behind."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from kunskapsnod import urls


@login_not_required
def boom(request):
    logging.getLogger("kunskapsnod.test").warning("about to fail")
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom, name="boom"), path("", include(urls))]
handler500 = urls.handler500
handler404 = urls.handler404
