from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from kunskapsnod.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "organisation", "role", "is_active")
    list_filter = ("role", "is_active", "organisation__kind")
    search_fields = ("username", "email", "first_name", "last_name", "organisation__name")
    autocomplete_fields = ("organisation",)
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Organisation och roll"), {"fields": ("organisation", "role")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Organisation och roll"), {"fields": ("organisation", "role")}))
