"""Addresses of the plan, contact and "you said, we did" pages, under staff/plans/."""

from django.urls import URLPattern, URLResolver, path, register_converter

from govcx.reporting import plan_views as views
from govcx.reporting.plans import PlanPartKind


class PlanPartKindConverter:
    """Only the kinds of part a plan has: goals, initiatives, mechanisms, milestones."""

    regex = "|".join(kind.value for kind in PlanPartKind)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(PlanPartKindConverter, "plan_part")

ORGANIZATION = "organizations/<uuid:organization_id>/"
PLAN = "<uuid:public_id>/"
PART = PLAN + "<plan_part:kind>/<int:part_id>/"
ACTION = "actions/<uuid:public_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_home, name="plan_home"),
    path(ORGANIZATION + "new/", views.plan_create_page, name="plan_create"),
    path(ORGANIZATION + "contact/", views.contact_edit, name="contact_edit"),
    path(ORGANIZATION + "actions/", views.action_list, name="action_list"),
    path(ORGANIZATION + "actions/new/", views.action_create, name="action_create"),
    path(ACTION + "edit/", views.action_edit, name="action_edit"),
    path(ACTION + "delete/", views.action_delete, name="action_delete"),
    path(ACTION + "publish/", views.action_publish, name="action_publish"),
    path(ACTION + "unpublish/", views.action_unpublish, name="action_unpublish"),
    path(PLAN, views.plan_detail, name="plan_detail"),
    path(PLAN + "edit/", views.plan_edit_page, name="plan_edit"),
    path(PLAN + "copy/", views.plan_copy_page, name="plan_copy"),
    path(PLAN + "publish/", views.plan_publish_view, name="plan_publish"),
    path(PLAN + "unpublish/", views.plan_unpublish_view, name="plan_unpublish"),
    path(PLAN + "standards/", views.plan_standards_view, name="plan_standards"),
    path(PLAN + "<plan_part:kind>/add/", views.plan_part_add_view, name="plan_part_add"),
    path(PART + "edit/", views.plan_part_edit_view, name="plan_part_edit"),
    path(PART + "delete/", views.plan_part_delete_view, name="plan_part_delete"),
    path(PART + "move/", views.plan_part_move_view, name="plan_part_move"),
]
