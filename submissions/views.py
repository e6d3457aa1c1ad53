"""The officer's area (/candidature/): thin views over drafts.py and workflow.py."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buonepratiche import ratelimit
from buonepratiche.login_security import session_expired_json
from buonepratiche.navigation import crumbs
from buonepratiche.uploads import serve_upload
from calls.models import Call

from . import autosave, drafts, workflow
from .completeness import ATTACHMENTS, SECTIONS, missing_items, progress
from .forms import (
    AttachmentForm,
    CandidacyForm,
    FundingFormSet,
    OrganisationFormSet,
    PartnerForm,
    PartnerFormSet,
    StartForm,
)
from .models import BodyMembership, Candidacy, CandidacyAttachment
from .states import RESUBMIT, SUBMISSION_STEPS, SUBMIT, WITHDRAW


def _officer_candidacy(user, uuid):
    """The candidacy if the user acts for its body; 404 otherwise, so others learn nothing."""
    queryset = Candidacy.objects.visible_to_officer(user).select_related(
        "call", "lead__comune__province", "tipologia")
    return get_object_or_404(queryset, uuid=uuid)


def _crumbs(candidacy=None, *items):
    trail = [(_("Le mie candidature"), reverse("submissions:dashboard"))]
    if candidacy is not None:
        trail.append((str(candidacy), candidacy.get_absolute_url()))
    return crumbs(*trail, *items)


def _officer_required(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not BodyMembership.objects.for_user(request.user).exists():
            return render(request, "submissions/not_an_officer.html", status=403)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _officer_json(view):
    """_officer_required for the page's scripts: JSON answers, a 401 when the session is over,
    so the page can tell the person (a redirect would give the script the login page)."""
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return session_expired_json()
        if not BodyMembership.objects.for_user(request.user).exists():
            return JsonResponse({"error": "forbidden", "message": _(
                "Questo account non è abilitato come referente di un ente.")}, status=403)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# Added to the form's address after a sign-in forced by an expired session: the page's script
# then puts back the text kept in the browser, even if the draft changed meanwhile.
RESTORE_PARAMETER = "ripristina"


def _signed_out_post_goes_to_login(view):
    """A form posted after the session ended goes to the login page with a message saying why,
    and comes back to the form; the page's script keeps what was typed in the browser (it says so
    with the field it adds to the form), the server cannot keep it for an unknown visitor."""
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            if request.POST.get("bozza_nel_browser"):
                messages.warning(request, _("La sessione è scaduta: accedi di nuovo; il testo non salvato "
                                            "è conservato in questo browser."))
            else:
                messages.warning(request, _("La sessione è scaduta e le modifiche non sono state salvate: "
                                            "accedi di nuovo per continuare."))
            return redirect_to_login(f"{request.path}?{RESTORE_PARAMETER}=1")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _saved_message():
    return _("Bozza salvata alle %(time)s.") % {"time": timezone.localtime().strftime("%H:%M")}


@_officer_required
def dashboard(request):
    memberships = BodyMembership.objects.for_user(request.user).select_related("body__comune")
    candidacies = (Candidacy.objects.visible_to_officer(request.user)
                   .select_related("call", "type", "lead__comune")
                   .order_by("-call__opens_at", "-updated_at"))
    now = timezone.now()
    open_calls = Call.objects.open(now).annotate(
        mine=Count("candidacies", filter=Q(candidacies__in=candidacies)))
    return render(request, "submissions/dashboard.html", {
        "memberships": memberships, "candidacies": candidacies, "open_calls": open_calls, "now": now,
        "breadcrumbs": crumbs((_("Le mie candidature"), None)),
    })


@_officer_required
def candidacy_start(request):
    form = StartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        candidacy = drafts.start(form.cleaned_data["type"], form.cleaned_data["membership"], request.user)
        messages.success(request, _("Bozza creata. Si può salvare in qualsiasi momento e riprendere più tardi."))
        return redirect("submissions:candidacy_edit", candidacy.uuid)
    return render(request, "submissions/candidacy_start.html", {
        "form": form, "breadcrumbs": _crumbs(None, (_("Nuova candidatura"), None)),
    }, status=400 if form.errors else 200)


@_officer_required
def candidacy_detail(request, uuid):
    candidacy = _officer_candidacy(request.user, uuid)
    return render(request, "submissions/candidacy_detail.html", {
        "candidacy": candidacy,
        "missing": missing_items(candidacy),
        "first_submission": SUBMIT.allowed_from(candidacy.state),
        "can_withdraw": WITHDRAW.allowed_from(candidacy.state),
        "can_delete": candidacy.is_deletable,
        "events": workflow.visible_events(candidacy, request.user),
        "attachments": candidacy.attachments.select_related("kind"),
        "funding": candidacy.funding.select_related("programme", "level"),
        "partners": candidacy.partners.select_related("body__comune", "role"),
        "organisations": candidacy.organisations.select_related("role"),
        "now": timezone.now(),
        "breadcrumbs": _crumbs(None, (str(candidacy), None)),
    })


def _formsets(request, candidacy):
    data = request.POST if request.method == "POST" else None
    return (FundingFormSet(data, instance=candidacy, prefix="finanziamenti"),
            PartnerFormSet(data, instance=candidacy, prefix="partner", form_kwargs={"candidacy": candidacy}),
            OrganisationFormSet(data, instance=candidacy, prefix="soggetti"))


FORM_SECTIONS = frozenset(anchor for anchor, _label in SECTIONS) - {ATTACHMENTS}


def _saved_url(candidacy, section):
    """Back to the form, at the section the officer was in (static/js/candidacy-form.js posts it),
    where the page confirms the save; without it, at the top (where the message is)."""
    url = reverse("submissions:candidacy_edit", args=[candidacy.uuid])
    if section in FORM_SECTIONS:
        return f"{url}?salvata={section}#{section}"
    return url


@_signed_out_post_goes_to_login
@_officer_required
def candidacy_edit(request, uuid):
    candidacy = _officer_candidacy(request.user, uuid)
    if not candidacy.is_editable:
        messages.info(request, _("La candidatura è stata presentata e non si può modificare."))
        return redirect(candidacy)
    # What the stored draft still lacks, read before the form puts the typed values on it.
    sections = progress(candidacy)
    form = CandidacyForm(request.POST or None, instance=candidacy)
    formsets = funding, partners, organisations = _formsets(request, candidacy)
    conflict = None
    if request.method == "POST":
        if form.is_valid() and all(formset.is_valid() for formset in formsets):
            try:
                candidacy = drafts.save(candidacy, form, formsets)
            except drafts.EditConflict as error:
                conflict = error.current
            except workflow.WorkflowError as error:
                messages.error(request, error.message)
                return redirect(candidacy)
            else:
                section = request.POST.get("sezione", "")
                if "riepilogo" in request.POST or section not in FORM_SECTIONS:
                    messages.success(request, _saved_message())
                if "riepilogo" in request.POST:
                    return redirect(candidacy)
                return redirect(_saved_url(candidacy, section))
    # A POST that reaches this point was refused: by a conflict, or by errors in the form or its rows.
    invalid = request.method == "POST" and conflict is None
    saved_in = request.GET.get("salvata") if request.method == "GET" else None
    completed = sum(1 for section in sections if section.complete)
    return render(request, "submissions/candidacy_form.html", {
        "candidacy": candidacy, "form": form, "funding": funding, "partners": partners,
        "organisations": organisations, "formsets": formsets,
        "sections": sections, "completed": completed, "counted": sum(1 for s in sections if not s.optional),
        "saved_in": saved_in if saved_in in FORM_SECTIONS else None,
        # The banner heads the error summary, which lists what to correct (partials/form_errors.html).
        "error_intro": _("La bozza non è stata salvata: correggere i campi segnalati. "
                         "Quanto inserito è stato mantenuto."),
        "conflict": conflict, "edit_url": reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
        "autosave_messages": json.dumps({key: str(text) for key, text in autosave.BROWSER_MESSAGES.items()},
                                        ensure_ascii=False),
        "breadcrumbs": _crumbs(candidacy, (_("Compila"), None)),
    }, status=409 if conflict else (400 if invalid else 200))


# Fewer letters match too much of the list to be of use.
MIN_SEARCH_LENGTH = 2


@_officer_required
def partner_search(request, uuid):
    """The partners a candidacy may name whose name contains ?q=, as JSON for the picker: the
    same choices as the partner rows' list (the call's Comuni and the other bodies)."""
    candidacy = _officer_candidacy(request.user, uuid)
    text = request.GET.get("q", "").strip()[:100]
    field = PartnerForm(candidacy=candidacy).fields["body"]
    results = field.search(text) if len(text) >= MIN_SEARCH_LENGTH else []
    response = JsonResponse({"results": [{"value": value, "label": label} for value, label in results]})
    response["Cache-Control"] = "private, no-store"
    return response


@_officer_json
@require_POST
def candidacy_autosave(request, uuid):
    """The form posted by static/js/autosave.js while the officer types: what validates is saved
    as a draft, refused values keep their saved one and come back as errors by input name."""
    try:
        candidacy = _officer_candidacy(request.user, uuid)
    except Http404:
        return JsonResponse({"error": "not_found", "message": _("Candidatura non trovata.")}, status=404)
    wait = ratelimit.hit("autosave", request.user.pk)
    if wait is not None:
        response = JsonResponse({"error": "rate_limited", "retry_after": wait, "message": _(
            "Troppi salvataggi in poco tempo: riprovo tra %(seconds)s secondi.") % {"seconds": wait}}, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        if not candidacy.is_editable:
            raise workflow.WorkflowError(_("La candidatura è stata presentata e non si può modificare."))
        saved, errors, rows = autosave.save(candidacy, CandidacyForm, request.POST, _formsets(request, candidacy))
    except drafts.EditConflict as error:
        return JsonResponse({"error": "conflict", "message": _(
            "La candidatura è stata modificata il %(when)s da un'altra scheda del browser o da un'altra "
            "persona: per non cancellare quelle modifiche il salvataggio automatico si è fermato. "
            "Il tuo testo è conservato in questo browser: copia quello che vuoi tenere, ricarica la pagina "
            "e scegli «Scarta il testo ripristinato» per vedere la versione aggiornata.") % {
            "when": timezone.localtime(error.current.updated_at).strftime("%d/%m/%Y %H:%M")}}, status=409)
    except workflow.WorkflowError as error:
        return JsonResponse({"error": "not_editable", "message": error.message}, status=409)
    if saved is None:
        return JsonResponse({"error": "invalid", "errors": errors, "message": _(
            "I dati inviati non sono leggibili: ricarica la pagina.")}, status=400)
    return JsonResponse({"saved": True, "version": saved.version, "message": _saved_message(),
                         "errors": errors, "rows": rows})


@_officer_required
def attachments(request, uuid):
    candidacy = _officer_candidacy(request.user, uuid)
    form = AttachmentForm(request.POST or None, request.FILES or None) if candidacy.is_editable else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                attachment = drafts.add_attachment(candidacy, form, request.user)
            except workflow.WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Allegato «%(title)s» caricato.") % {"title": attachment.title})
            return redirect("submissions:attachments", candidacy.uuid)
    required = candidacy.call.required_attachments.select_related("kind")
    present = set(candidacy.attachments.values_list("kind_id", flat=True))
    return render(request, "submissions/attachments.html", {
        "candidacy": candidacy, "form": form,
        "attachments": candidacy.attachments.select_related("kind"),
        "required": [(r, r.kind_id in present) for r in required],
        "breadcrumbs": _crumbs(candidacy, (_("Allegati"), None)),
    }, status=400 if form is not None and form.errors else 200)


@_officer_required
@require_POST
def attachment_delete(request, uuid, pk):
    candidacy = _officer_candidacy(request.user, uuid)
    get_object_or_404(CandidacyAttachment, candidacy=candidacy, pk=pk)
    try:
        drafts.remove_attachment(candidacy, pk)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Allegato eliminato."))
    return redirect("submissions:attachments", candidacy.uuid)


@login_required
def attachment_download(request, uuid, pk):
    """The file, to the body's officers and to staff who may see candidacies; 404 to anyone else."""
    user = request.user
    if user.is_staff and user.has_perm("submissions.view_candidacy"):
        candidacy = get_object_or_404(Candidacy, uuid=uuid)
    else:
        candidacy = _officer_candidacy(user, uuid)
    attachment = get_object_or_404(CandidacyAttachment, candidacy=candidacy, pk=pk)
    response = serve_upload(attachment.file.open("rb"), attachment.original_name)
    response["Cache-Control"] = "private, no-store"
    return response


def _transition_view(transition):
    @_officer_required
    @require_POST
    def view(request, uuid):
        candidacy = _officer_candidacy(request.user, uuid)
        try:
            workflow.perform(candidacy, transition.name, request.user, note=request.POST.get("note", ""))
        except workflow.WorkflowError as error:
            if not workflow.just_performed(candidacy, transition.name):
                messages.error(request, error.message)
                return redirect(candidacy)
            # A second click while the first was being handled: the browser shows this answer,
            # so it says what happened rather than that the move is no longer allowed.
            messages.info(request, _("Operazione già eseguita: %(action)s.") % {"action": transition.label})
        else:
            messages.success(request, transition.done_message)
        if transition.is_submission:
            return redirect("submissions:receipt", candidacy.uuid)
        return redirect(candidacy)

    view.__name__ = transition.name
    return view


candidacy_submit = _transition_view(SUBMIT)
candidacy_resubmit = _transition_view(RESUBMIT)
candidacy_withdraw = _transition_view(WITHDRAW)


@_officer_required
def candidacy_withdraw_confirm(request, uuid):
    candidacy = _officer_candidacy(request.user, uuid)
    return render(request, "submissions/candidacy_withdraw.html", {
        "candidacy": candidacy, "breadcrumbs": _crumbs(candidacy, (_("Ritira"), None)),
    })


@_officer_required
def candidacy_delete(request, uuid):
    """Deleting a draft: a confirmation page, then the POST that deletes it."""
    candidacy = _officer_candidacy(request.user, uuid)
    if request.method == "POST":
        try:
            drafts.delete(candidacy)
        except workflow.WorkflowError as error:
            messages.error(request, error.message)
            return redirect(candidacy)
        messages.success(request, _("La bozza «%(title)s» è stata eliminata.") % {"title": candidacy})
        return redirect("submissions:dashboard")
    return render(request, "submissions/candidacy_delete.html", {
        "candidacy": candidacy, "breadcrumbs": _crumbs(candidacy, (_("Elimina la bozza"), None)),
    })


@_officer_required
def receipt(request, uuid):
    candidacy = _officer_candidacy(request.user, uuid)
    if not candidacy.protocol_number:
        raise Http404
    submissions = candidacy.events.filter(transition__in=SUBMISSION_STEPS).order_by("at")
    return render(request, "submissions/receipt.html", {
        "candidacy": candidacy, "submissions": submissions, "last": submissions.last(),
        "breadcrumbs": _crumbs(candidacy, (_("Ricevuta"), None)),
    })
