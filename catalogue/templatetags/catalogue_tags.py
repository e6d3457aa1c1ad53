from django import template
from django.utils.html import escape, format_html_join
from django.templatetags.static import static
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def card_text(text):
    """Render a card section: blank-line separated paragraphs, lines starting with "- " as a list.

    Everything is escaped: a card's text is data, never markup.
    """
    html = []
    for block in str(text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        paragraph, items = [], []
        for line in lines:
            if line.startswith("- "):
                if paragraph:
                    html.append(f"<p>{escape(' '.join(paragraph))}</p>")
                    paragraph = []
                items.append(line[2:].strip())
            else:
                if items:
                    html.append("<ul>" + format_html_join("", "<li>{}</li>", ((i,) for i in items)) + "</ul>")
                    items = []
                paragraph.append(line)
        if paragraph:
            html.append(f"<p>{escape(' '.join(paragraph))}</p>")
        if items:
            html.append("<ul>" + format_html_join("", "<li>{}</li>", ((i,) for i in items)) + "</ul>")
    return mark_safe("\n".join(html))


@register.filter
def highlight(text):
    """Escape an excerpt and turn the search engine's \\x02…\\x03 markers into <mark>."""
    return mark_safe(escape(str(text or "")).replace("\x02", "<mark>").replace("\x03", "</mark>"))


@register.simple_tag(takes_context=True)
def toggle_param(context, name, value):
    """The current query string with `name=value` added or, if present, removed; back to page 1."""
    query = context["request"].GET.copy()
    values = query.getlist(name)
    value = str(value)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    query.setlist(name, values)
    query.pop("pagina", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def with_param(context, name, value):
    """The current query string with `name` set to `value` (and back to page 1)."""
    query = context["request"].GET.copy()
    query[name] = value
    query.pop("pagina", None)
    return f"?{query.urlencode()}"


@register.filter
def bar_width(count, maximum):
    """Width in SVG user units (0-100) of a bar for `count` out of `maximum`."""
    try:
        return round(100 * int(count) / int(maximum), 2) if int(maximum) else 0
    except (TypeError, ValueError):
        return 0


@register.filter
def active_values(facets):
    """(facet, value) for every selected facet value, for the chips of active filters."""
    return [(facet, value) for facet in facets for value in facet.values if value.selected]


@register.simple_tag
def sprite(name):
    """URL of an icon in Bootstrap Italia's SVG sprite, served from our own origin."""
    return f"{static('vendor/bootstrap-italia/sprites.svg')}#{name}"
