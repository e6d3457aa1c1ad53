"""The workflow's declaration (states.py) in templates, so that no template names a step."""

from django import template

from ..states import STEPS

register = template.Library()


@register.filter
def step(event):
    """The declared step a history row records (None for a name no longer declared)."""
    return STEPS.get(event.transition)
