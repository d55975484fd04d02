from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from govcx.registry.models import Membership, Organization, Service, ServiceProvider, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0


@admin.register(User)
class GovcxUserAdmin(UserAdmin[User]):
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["name", "abbreviation", "parent", "require_survey_approval"]
    search_fields = ["name", "abbreviation"]


@admin.register(ServiceProvider)
class ServiceProviderAdmin(admin.ModelAdmin[ServiceProvider]):
    list_display = ["name", "organization", "department", "year_designated", "active"]
    list_select_related = ["organization"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "organization", "provider", "kind", "is_hisp_service"]
    list_select_related = ["organization", "provider"]
    list_filter = ["kind", "is_hisp_service"]
