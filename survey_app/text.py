"""Text matching that ignores case and Vietnamese diacritics."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics: "Nấu ăn" and "nau an" fold to the same string.

    đ/Đ is a letter of its own in Unicode, not d with a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches(query: str, *fields: str | None) -> bool:
    """True when every word of ``query`` occurs in one of ``fields``, ignoring case and marks."""
    haystack = " ".join(fold(f) for f in fields if f)
    return all(word in haystack for word in fold(query).split())
