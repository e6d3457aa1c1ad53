"""Italian text utilities shared by the stored search text of a practice (practices) and the
catalogue's search (catalogue): both sides must fold text the same way, or a query would miss
what was stored."""

import re
import unicodedata


def normalise(text):
    """Lower case, accents removed, punctuation turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


# A word written with hyphens between letters ("co-housing", "socio-sanitario"); the same pattern in
# PostgreSQL's syntax is in practices/search_document.py.
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


def joined_compounds(text):
    """The hyphenated words of `text` written as one word, folded ("co-housing" -> "cohousing"):
    stored beside the text, so that a search for the word written whole finds the hyphenated form
    (the hyphenated and spaced forms are found by the words themselves)."""
    return " ".join(normalise(match.group().replace("-", "")) for match in _COMPOUND.finditer(str(text)))


def normalise_keep_positions(text):
    """Case- and accent-folded text with the same length as `text`, to map positions back."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch.casefold()) if not unicodedata.combining(c))
        out.append(base[:1] if base else " ")
    return "".join(out)


def trim_inflection(word):
    """The word without its last vowel: Italian nouns and adjectives inflect on it
    (anziano/anziani/anziane), so matching on what is left finds all forms."""
    if len(word) > 4 and word[-1] in "aeiou":
        return word[:-1]
    return word
