"""Whether the main menu shows the youth module: to users who may use it, remembered in
the session when they sign in (one query then, none on every page; a grant given later
shows after the next sign-in or the first visit to the module)."""

from kunskapsnod.youth.access import may_use_module, module_enabled

SESSION_KEY = "youth_menu"


def remember(request, user) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = module_enabled() and may_use_module(user)


def on_login(sender, request, user, **kwargs) -> None:
    remember(request, user)
