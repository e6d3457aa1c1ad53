"""The formatted text of card sections: a small, safe Markdown subset, shown alike everywhere.

Officers paste text with bold (`**…**`), italics, bullet and numbered lists and links; the
text is stored verbatim and turned into HTML only when shown. A maintained CommonMark parser
(markdown-it-py) reads it with only the rules of that subset switched on: headings, quotes,
code, rules, tables, images, raw HTML, entities, escapes and link reference definitions stay
literal text, so a card written without Markdown reads as typed. An allow-list sanitiser
(nh3) then keeps only the tags the subset produces and links to http, https and mailto
addresses, whatever the parser let through.

`render` is what every page prints (the `card_text` filter); `plain` is what downloads,
search and short excerpts carry: the words without the marks, list items as lines.
"""

import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# The rules of the subset (and the parser's own plumbing); every other rule is switched off.
_RULES = {"normalize", "block", "inline", "text_join", "balance_pairs", "fragments_join",
          "list", "paragraph", "text", "newline", "emphasis", "link", "autolink"}


def _subset_parser():
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    every_rule = {name for chain in parser.get_all_rules().values() for name in chain}
    return parser.disable(sorted(every_rule - _RULES), ignoreInvalid=True)


_parser = _subset_parser()

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
# Emphasis marks a cut excerpt leaves unpaired.
_STRAY_MARKS = re.compile(r"\*+")


def normalise_newlines(text):
    """CRLF and CR as LF: what a textarea or a spreadsheet sends, stored one way."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n")


def render(text) -> SafeString:
    """The text as sanitised HTML: paragraphs, lists, bold, italics, links."""
    html = _parser.render(normalise_newlines(text or ""))
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                               link_rel=LINK_REL, url_relative="deny").strip())


def plain(text) -> str:
    """The text without Markdown marks: paragraphs separated by a blank line, each list item a
    line starting with "- " or its number, a link as its words (and its address, if different)."""
    tokens = _parser.parse(normalise_newlines(text or ""))
    blocks, lists = [], []  # lists: per open list, the next number (None for bullets)
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            number = lists[-1]
            marker = "-" if number is None else f"{number}."
            if number is not None:
                lists[-1] += 1
            blocks.append(["  " * (len(lists) - 1) + marker + " ", True])
        elif token.type == "inline":
            words = _inline_text(token.children or [])
            if blocks and blocks[-1][1] and blocks[-1][0].endswith(" "):
                blocks[-1][0] += words  # the first paragraph of a list item goes on its marker's line
            else:
                blocks.append([words, bool(lists)])
    out = []
    for index, (line, in_list) in enumerate(blocks):
        if index:
            out.append("\n" if in_list and blocks[index - 1][1] else "\n\n")
        out.append(line)
    return "".join(out)


def _inline_text(children):
    parts, href = [], []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            href.append((child.attrGet("href") or "", len(parts)))
        elif child.type == "link_close" and href:
            address, start = href.pop()
            words = "".join(parts[start:])
            shown = address.removeprefix("mailto:")
            if address and shown != words:
                parts.append(f" ({shown})")
    return "".join(parts)


def excerpt(text) -> str:
    """A stretch of card text on one line without marks, for search excerpts: the stretch may cut
    a mark in two (`**bo`), so asterisks left over after `plain` are dropped too."""
    return " ".join(_STRAY_MARKS.sub("", plain(text)).split())
