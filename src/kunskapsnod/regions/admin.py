from django.contrib import admin

from kunskapsnod.admin_writes import ScopedAdmin
from kunskapsnod.regions import services
from kunskapsnod.regions.models import Group, Meeting, Membership, Organisation, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "association"
    autocomplete_fields = ("member",)
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    owner_field = None
    list_display = ("name", "kind", "kolada_id", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "kolada_id")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    service_keyword = "person"
    save_service = staticmethod(services.save_person)
    list_display = ("name", "title", "organisation", "email")
    search_fields = ("name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)


@admin.register(Group)
class GroupAdmin(ScopedAdmin):
    owner_field = "owner"
    service_keyword = "group"
    save_service = staticmethod(services.save_group)
    list_display = ("name", "kind", "owner")
    list_filter = ("kind", "owner")
    search_fields = ("name",)
    filter_horizontal = ("members",)


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    owner_field = "organiser"
    service_keyword = "meeting"
    save_service = staticmethod(services.save_meeting)
    delete_service = staticmethod(services.delete_meeting)
    list_display = ("date", "topic", "organiser", "municipality", "group", "participant_count")
    list_filter = ("organiser", "group")
    date_hierarchy = "date"
    search_fields = ("topic", "notes")
    filter_horizontal = ("attendees",)
