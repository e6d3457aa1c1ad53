"""The job queue in the back office: every attempt of every job with its state and error, which
attempt it was, whether it was retried or failed for good, the request that started it; a
superuser can enqueue a failed job again (replay). Replaces django-tasks-db's own admin."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from buonepratiche.jobs import enqueue

from .models import ScheduledRun


def job_meta(obj):
    return (obj.args_kwargs.get("kwargs") or {}).get("_job") or {}


class OutcomeFilter(admin.SimpleListFilter):
    title = _("esito")
    parameter_name = "esito"

    def lookups(self, request, model_admin):
        return [("definitivo", _("Fallito definitivamente")), ("ritentato", _("Fallito e ritentato"))]

    def queryset(self, request, queryset):
        if self.value() not in ("definitivo", "ritentato"):
            return queryset
        retried = DBTaskResult.objects.filter(args_kwargs__kwargs___job__retry_of__isnull=False).values_list(
            "args_kwargs__kwargs___job__retry_of", flat=True)
        retried_ids = {str(value) for value in retried}
        failed = queryset.filter(status="FAILED")
        if self.value() == "ritentato":
            return failed.filter(pk__in=retried_ids)
        return failed.exclude(pk__in=retried_ids)


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class JobAdmin(DBTaskResultAdmin):
    list_display = ("task_name", "status", "attempt", "outcome", "request_id", "enqueued_at", "started_at",
                    "finished_at", "error")
    list_filter = ("status", OutcomeFilter, "queue_name")
    search_fields = ("task_path", "id")
    actions = ["replay"]

    @admin.display(description=_("tentativo"))
    def attempt(self, obj):
        return job_meta(obj).get("attempt", 1)

    @admin.display(description=_("richiesta"))
    def request_id(self, obj):
        return job_meta(obj).get("request_id") or "-"

    @admin.display(description=_("errore"))
    def error(self, obj):
        if not obj.traceback:
            return "-"
        return obj.traceback.strip().splitlines()[-1][:200]

    @admin.display(description=_("esito"))
    def outcome(self, obj):
        if obj.status != "FAILED":
            return "-"
        retry = DBTaskResult.objects.filter(args_kwargs__kwargs___job__retry_of=str(obj.pk)).first()
        if retry is None:
            return _("fallito definitivamente")
        return _("ritentato (%(id)s)") % {"id": str(retry.pk)[:8]}

    def has_replay_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Riaccoda i lavori selezionati (un nuovo primo tentativo)"),
                  permissions=["replay"])
    def replay(self, request, queryset):
        count = 0
        for obj in queryset.filter(status="FAILED"):
            kwargs = {k: v for k, v in obj.args_kwargs["kwargs"].items() if k != "_job"}
            enqueue(obj.task, *obj.args_kwargs["args"], **kwargs)
            count += 1
        self.message_user(request, ngettext("%(count)d lavoro riaccodato.", "%(count)d lavori riaccodati.", count)
                          % {"count": count}, messages.SUCCESS)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ("schedule", "period_start", "job_id", "created_at")
    list_filter = ("schedule",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
