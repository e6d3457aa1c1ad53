"""How a practice card's text sections are shown, wherever a card appears: the public practice
page (catalogue), a candidacy's page in the officers' area and the reviewers' admin (submissions).
One filter over buonepratiche.markdown, so every page renders the same text the same way."""

from django import template

from buonepratiche import markdown

register = template.Library()


@register.filter
def card_text(text):
    """A card section as sanitised HTML: paragraphs, bullet and numbered lists, bold, italics, links."""
    return markdown.render(text)


@register.filter
def card_plain(text):
    """A card section as plain text, for a short excerpt or an attribute: no Markdown marks."""
    return markdown.plain(text)
