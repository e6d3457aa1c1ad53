"""How a practice card's text sections are shown, wherever a card appears: the public practice
page (catalogue) and a candidacy's page in the officers' area (submissions)."""

from django import template
from django.utils.html import escape, format_html_join
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
