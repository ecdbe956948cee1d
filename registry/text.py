"""Text normalisation for matching Arabic, French and English names.

Pure functions, no Django imports: admin search, the API's ``q=`` filter and the
importer's name matching all call :func:`normalize` so that they agree on what
"the same name" means.
"""

import re
import unicodedata

# Letters that writers use interchangeably; decomposition (NFKD) already turns
# أ إ آ ؤ ئ into their bare letter plus a combining hamza/madda that we drop.
_LETTER_VARIANTS = str.maketrans(
    {
        "ٱ": "ا",  # alef wasla
        "ة": "ه",  # taa marbuta is written as haa at the end of words
        "ى": "ي",  # alef maqsura written for yaa
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian keheh
        "ـ": " ",  # a free-standing tatweel is used as a dash between names
    }
)

# Digits: Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..) to ASCII.
_DIGITS = str.maketrans(
    {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
)

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})

_WHITESPACE = re.compile(r"\s+")
_ELONGATION = re.compile(r"(?<=\w)\u0640+(?=\w)")  # tatweel inside a word only stretches it


def _fold_char(char):
    category = unicodedata.category(char)
    if category.startswith("M") or category == "Cf":
        return ""  # accents, harakat, shadda, sukun, hamza/madda marks, invisible marks
    if category[0] in "PSZC":
        return " "  # punctuation, dashes, symbols, separators, controls
    return char


class _FoldTable(dict):
    """A ``str.translate`` table that folds each character once and remembers it.

    Translating through a dict runs in C; the Unicode category lookup runs only the
    first time a character is seen, which makes bulk imports several times faster. The
    table stops growing at a bound, so hostile text cannot fill a long-lived process.
    """

    LIMIT = 20_000

    def __missing__(self, codepoint):
        folded = _fold_char(chr(codepoint))
        if len(self) < self.LIMIT:
            self[codepoint] = folded
        return folded


_FOLD = _FoldTable()


def normalize(text):
    """Return a canonical, accent-free, lower-case form of ``text`` for matching.

    ``normalize("Fès")`` == ``normalize("FES")``; ``normalize("آيت قمرة")`` ==
    ``normalize("ايت قمره")``; dashes, tatweel and punctuation become single spaces.
    """
    if not text:
        return ""
    text = str(text)
    if text.isascii():
        # Codes and English names: nothing to decompose, no Arabic letters or digits.
        return _WHITESPACE.sub(" ", text.lower().translate(_FOLD)).strip()
    return _normalize_unicode(text)


def _normalize_unicode(text):
    # Decompose twice: case folding can itself produce decomposable or marked letters.
    text = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    text = _ELONGATION.sub("", text.translate(_FOLD))
    text = text.translate(_LETTER_VARIANTS).translate(_DIGITS)
    return _WHITESPACE.sub(" ", text).strip()


def search_document(*parts):
    """Join normalised parts into one string that ``contains`` lookups can search.

    A separator that :func:`normalize` never produces keeps a query from matching
    across the boundary of two names.
    """
    return " | ".join(dict.fromkeys(p for p in map(normalize, parts) if p))
