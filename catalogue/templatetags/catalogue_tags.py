"""Template tags of the public catalogue's pages: search highlights, facet links, charts, icons."""

from django import template
from django.utils.html import escape
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from buonepratiche import markdown
from catalogue import catalogue_cache

register = template.Library()


@register.filter
def highlight(text):
    """Escape an excerpt and turn the search engine's \\x02…\\x03 markers into <mark>; the
    card's Markdown marks are dropped (an excerpt is plain text)."""
    return mark_safe(escape(markdown.excerpt(text or "")).replace("\x02", "<mark>").replace("\x03", "</mark>"))


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


@register.tag
def catalogue_fragment(parser, token):
    """{% catalogue_fragment "name" %}…{% endcatalogue_fragment %}: a part of a page whose view is
    declared with catalogue_cache.cached_page, rendered once per catalogue version, language and
    what the view says the page varies on. The key is the view's, not the template's."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} vuole un solo argomento: il nome della parte.")
    nodelist = parser.parse(("endcatalogue_fragment",))
    parser.delete_first_token()
    return _FragmentNode(parser.compile_filter(bits[1]), nodelist)


class _FragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        if not hasattr(context["request"], "catalogue_page"):
            # A page not declared with cached_page (the back office's preview of a practice not
            # yet published) renders the part every time and never stores it.
            return self.nodelist.render(context)
        return catalogue_cache.fragment(context["request"], self.name.resolve(context),
                                        lambda: self.nodelist.render(context))


@register.filter
def lookup(mapping, key):
    """mapping[key] in a template, or None: {{ roles|lookup:practice.pk }} on a body's page."""
    return mapping.get(key)
