"""How the site's own forms render: Bootstrap Italia markup, accessible errors and help."""

from django import forms
from django.forms.renderers import TemplatesSetting


class SiteRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"


class ChoiceList(forms.CheckboxSelectMultiple):
    template_name = "forms/widgets/choice_list.html"
    option_template_name = "forms/widgets/choice_option.html"


class RadioList(forms.RadioSelect):
    template_name = "forms/widgets/choice_list.html"
    option_template_name = "forms/widgets/choice_option.html"


class SiteFormMixin:
    """Gives widgets the design system's classes and ties each error message to its field."""

    default_renderer = SiteRenderer()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                field.widget = ChoiceList(attrs=widget.attrs, choices=widget.choices)
            elif isinstance(widget, forms.RadioSelect):
                field.widget = RadioList(attrs=widget.attrs, choices=widget.choices)
            elif isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, (forms.HiddenInput, forms.FileInput)):
                widget.attrs.setdefault("class", "form-control")
            elif isinstance(widget, forms.FileInput):
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
