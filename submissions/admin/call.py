"""The review's side of a call in the back office: candidacy count, ranking, communication of decisions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from calls.admin import CallAdmin
from calls.models import Call

from .. import workflow
from ..emails import officer_recipients
from ..models.state import COUNTING_STATES
from .ranking import ranking, ranking_workbook


class CallReviewAdmin(CallAdmin):
    """The call's admin with the review's view of it: how many candidacies, the ranking, and
    the button that communicates the decisions."""

    list_display = (*CallAdmin.list_display, "candidacy_count")

    @admin.display(description=_("candidature presentate"))
    def candidacy_count(self, obj):
        return obj.candidacies.filter(state__in=COUNTING_STATES).count()

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<int:pk>/graduatoria/", self.admin_site.admin_view(self.ranking_view), name="%s_%s_ranking" % info),
            path("<int:pk>/comunica-esiti/", self.admin_site.admin_view(self.communicate_view),
                 name="%s_%s_communicate" % info),
            *super().get_urls(),
        ]

    def ranking_view(self, request, pk):
        if not request.user.has_perm("submissions.view_candidacy"):
            raise PermissionDenied
        call = get_object_or_404(Call, pk=pk)
        if request.GET.get("formato") == "xlsx":
            response = HttpResponse(
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="graduatoria-{call.slug}.xlsx"'
            ranking_workbook(call).save(response)
            return response
        criteria, rows = ranking(call)
        pending = workflow.pending_decisions(call).count()
        return TemplateResponse(request, "admin/submissions/call/ranking.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "call": call, "original": call,
            "criteria": criteria, "rows": rows, "pending": pending, "title": _("Graduatoria: %s") % call,
            "max_total": 5 * call.total_weight(),
        })

    def communicate_view(self, request, pk):
        """A confirmation page listing who gets which outcome at which addresses; the decisions
        are sent only when the list confirmed is still the list pending (nothing slipped in or out)."""
        if not request.user.has_perm("submissions.review_candidacy"):
            raise PermissionDenied
        call = get_object_or_404(Call, pk=pk)
        pending = list(workflow.pending_decisions(call).select_related("lead__comune").order_by("protocol_number"))
        confirmed = request.POST.getlist("candidatura") if request.method == "POST" else None
        if confirmed is not None:
            if sorted(confirmed) == sorted(str(c.pk) for c in pending) and pending:
                try:
                    count = workflow.communicate_decisions(call, request.user)
                except workflow.WorkflowError as error:
                    self.message_user(request, error.message, messages.ERROR)
                else:
                    self.message_user(request, ngettext("Comunicato %(n)d esito.", "Comunicati %(n)d esiti.", count)
                                      % {"n": count}, messages.SUCCESS)
                return redirect(reverse("admin:calls_call_ranking", args=[pk]))
            self.message_user(request, _("L'elenco degli esiti da comunicare è cambiato: controllarlo di nuovo "
                                         "prima di confermare."), messages.WARNING)
        for candidacy in pending:
            candidacy.recipients = officer_recipients(candidacy)
        return TemplateResponse(request, "admin/submissions/call/communicate.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "call": call, "original": call,
            "pending": pending, "title": _("Comunica gli esiti: %s") % call,
        })


admin.site.unregister(Call)
admin.site.register(Call, CallReviewAdmin)
