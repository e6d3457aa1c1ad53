"""How the site's own forms render: Bootstrap Italia markup, accessible errors and help."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

MAX_PK = 2**63 - 1


def _is_pk(value):
    try:
        return 0 < int(str(value).strip()) <= MAX_PK
    except ValueError:
        return False


class SafeModelChoiceField(forms.ModelChoiceField):
    """Refuses ids the database could not even compare (huge numbers) as an invalid choice, not a 500."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not _is_pk(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value:
                if not _is_pk(item):
                    raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                          params={"pk": item})
        return super()._check_values(value)


class SiteRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"


class ChoiceList(forms.CheckboxSelectMultiple):
    template_name = "forms/widgets/choice_list.html"
    option_template_name = "forms/widgets/choice_option.html"


class RadioList(forms.RadioSelect):
    template_name = "forms/widgets/choice_list.html"
    option_template_name = "forms/widgets/choice_option.html"


# Widgets rendered as a list of inputs, one id each (ChoiceList, RadioList and Django's own): no
# single input stands for the field (an error summary's link goes to the first; aria-required is
# not an attribute of a radio button or a checkbox).
CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class SiteFormMixin:
    """Gives widgets the design system's classes and ties each error message to its field."""

    default_renderer = SiteRenderer()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) is forms.ModelChoiceField:
                field.__class__ = SafeModelChoiceField
            elif type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = SafeModelMultipleChoiceField
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
