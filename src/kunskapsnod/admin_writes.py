"""Django's admin writes through the same seam as every page: an object may be changed or
deleted only by someone the one rule allows for its owning organisation, and where the app
has a write service, the admin calls it (so validation, the permission check and the audit
actor are the ones a form would get)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin

from kunskapsnod.regions.permissions import can_change, require_change


class ScopedAdmin(admin.ModelAdmin):
    #: The field naming the owning organisation; ``None``: the object is an organisation.
    owner_field: str | None = "organisation"
    #: ``(keyword, save_service, delete_service)``, e.g. ``("meeting", save_meeting, delete_meeting)``.
    #: Wrap the functions in ``staticmethod`` so they are not bound to the admin.
    service_keyword: str = ""
    save_service: Callable[..., Any] | None = None
    delete_service: Callable[..., Any] | None = None

    def owner(self, obj):
        return obj if self.owner_field is None else getattr(obj, self.owner_field)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_change(request.user, self.owner(obj)))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_change(request.user, self.owner(obj)))

    def save_model(self, request, obj, form, change):
        if self.save_service is not None:
            self.save_service(actor=request.user, **{self.service_keyword: obj})
            return
        require_change(request.user, self.owner(obj))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        if self.delete_service is not None:
            self.delete_service(actor=request.user, **{self.service_keyword: obj})
            return
        require_change(request.user, self.owner(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action deletes one by one, so each passes the rule.
        for obj in queryset:
            self.delete_model(request, obj)
