"""The two steps of the rating: the stars for a page, then the follow-up answers."""

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import DETAIL_MAX_LENGTH, PageRating


class RatingForm(forms.ModelForm):
    class Meta:
        model = PageRating
        fields = ["page", "rating"]
        error_messages = {"rating": {"required": _("Scegli da 1 a 5 stelle.")}}

    def clean_page(self):
        page = self.cleaned_data["page"]
        # Only a page of this site, as a path: never another site's address.
        if not page.startswith("/") or not url_has_allowed_host_and_scheme(page, allowed_hosts=None):
            raise forms.ValidationError(_("Pagina non valida."))
        return page


class DetailsForm(forms.ModelForm):
    class Meta:
        model = PageRating
        fields = ["aspect", "detail"]
        widgets = {"aspect": forms.RadioSelect, "detail": forms.Textarea(attrs={"rows": 3,
                                                                              "maxlength": DETAIL_MAX_LENGTH})}
        labels = {"detail": _("Vuoi aggiungere altri dettagli?")}
        help_texts = {"detail": _("Non inserire dati personali. Al massimo 200 caratteri.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].choices = [(a.value, a.label) for a in self.instance.aspects()]
        self.fields["aspect"].required = False
