from django.contrib import admin

from govcx.surveys.models import (
    QuestionOption,
    Survey,
    SurveyGrant,
    SurveyPage,
    SurveyQuestion,
    SurveyTransition,
    SurveyVersion,
)


class SurveyPageInline(admin.TabularInline[SurveyPage, Survey]):
    model = SurveyPage
    extra = 0


class SurveyGrantInline(admin.TabularInline[SurveyGrant, Survey]):
    model = SurveyGrant
    extra = 0


class SurveyTransitionInline(admin.TabularInline[SurveyTransition, Survey]):
    model = SurveyTransition
    extra = 0
    readonly_fields = ["from_state", "to_state", "user", "reason", "created_at"]
    can_delete = False


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin[Survey]):
    list_display = ["title", "organization", "service", "kind", "state"]
    list_filter = ["state", "kind"]
    list_select_related = ["organization", "service"]
    search_fields = ["title"]
    readonly_fields = ["state", "current_version", "published_at"]
    inlines = [SurveyPageInline, SurveyGrantInline, SurveyTransitionInline]


class QuestionOptionInline(admin.TabularInline[QuestionOption, SurveyQuestion]):
    model = QuestionOption
    extra = 0


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin[SurveyQuestion]):
    list_display = ["key", "type", "page", "position", "required"]
    list_select_related = ["page__survey"]
    inlines = [QuestionOptionInline]


@admin.register(SurveyVersion)
class SurveyVersionAdmin(admin.ModelAdmin[SurveyVersion]):
    list_display = ["survey", "number", "published_at"]
    list_select_related = ["survey"]
