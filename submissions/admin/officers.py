"""Officer accounts: ANCI staff create them with their bodies; the officer chooses the password."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from practices.models import Body, Comune

from ..invitations import send_invitation
from ..models import BodyMembership, Officer


class BodyMembershipForm(forms.ModelForm):
    """A body found by name, or any Comune of the ISTAT list: a Comune gets its body only when
    something refers to it, so most Comuni have none yet; choosing one creates it."""

    # Searched as a Body's comune is (the Comuni admin's search), never listed in full.
    comune = forms.ModelChoiceField(
        Comune.objects.all(), required=False, label=_("oppure un Comune"),
        widget=AutocompleteSelect(Body._meta.get_field("comune"), admin.site),
        help_text=_("Qualunque Comune, anche se non è ancora tra gli enti."))

    class Meta:
        model = BodyMembership
        fields = ("body", "comune", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False

    def clean(self):
        cleaned = super().clean()
        body, comune = cleaned.get("body"), cleaned.get("comune")
        if body and comune:
            raise forms.ValidationError(_("Indicare l'ente oppure il Comune, non entrambi."))
        if comune:
            cleaned["body"] = Body.objects.for_comune(comune)
        elif not body and "body" not in self.errors:
            self.add_error("body", _("Indicare l'ente oppure il Comune."))
        return cleaned


class BodyMembershipInline(admin.TabularInline):
    model = BodyMembership
    form = BodyMembershipForm
    extra = 1
    fields = ("body", "comune", "role")
    # Thousands of bodies: searched by name (BodyAdmin.search_fields), never rendered as options.
    autocomplete_fields = ("body",)


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = ("username", "first_name", "last_name", "email", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    form = OfficerForm
    list_display = ("username", "get_full_name", "email", "bodies", "is_active", "last_login")
    list_filter = ("is_active",)
    search_fields = ("username", "first_name", "last_name", "email", "body_memberships__body__name")
    inlines = [BodyMembershipInline]
    actions = ["send_invitations"]
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description=_("enti"))
    def bodies(self, obj):
        return ", ".join(str(m.body) for m in obj.body_memberships.select_related("body__comune"))

    def save_model(self, request, obj, form, change):
        if not change:
            # No password until the officer chooses one from the invitation link.
            obj.set_unusable_password()
        obj.is_staff = False
        obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        send_invitation(obj)
        self.message_user(request, _("Inviato a %(email)s il link per scegliere la password.") % {"email": obj.email},
                          messages.SUCCESS)
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Invia di nuovo il link per scegliere la password"))
    def send_invitations(self, request, queryset):
        count = 0
        for user in queryset.filter(is_active=True).exclude(email=""):
            send_invitation(user)
            count += 1
        self.message_user(request, ngettext("Invito inviato a %(n)d referente.", "Inviti inviati a %(n)d referenti.",
                                            count) % {"n": count}, messages.SUCCESS)


class StaffUserAdmin(UserAdmin):
    """Django's user admin, with the bodies a staff member belongs to (for conflicts of interest)."""

    inlines = [BodyMembershipInline]


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
