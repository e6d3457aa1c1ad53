"""The reviewer's queue on the admin home (templates/admin/index.html): the home is Django's
own view, so its data comes from a tag instead of the view's context."""

from django import template

from ..queue import review_queue

register = template.Library()


@register.inclusion_tag("admin/submissions/_queue.html", takes_context=True)
def reviewer_queue(context):
    user = context["request"].user
    if not user.has_perm("submissions.view_candidacy"):
        return {"queue": None}
    return {"queue": review_queue(user), "user": user}
