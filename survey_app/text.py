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


# The Vietnamese alphabet, with f, j, w and z (in foreign names) where the Latin one has them.
ALPHABET = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
# Tone marks, in dictionary order after the unmarked letter: grave, hook, tilde, acute, dot below.
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_key(text: str) -> tuple:
    """A sort key putting names in Vietnamese alphabetical order, as a dictionary does.

    Letters follow the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), a space comes
    before any letter ("Na Hang" before "Nam"), and tones count only between names with the
    same letters ("Mạ" before "Mai"), in the order none, grave, hook, tilde, acute, dot below.
    Character codes would put "Mèo Vạc" before "Đồng Văn" and "Nậm Ban" after "Niêm Tòng".
    """
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", text).casefold():
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        tones.append(next((TONES[c] for c in parts if c in TONES), 0))
        if base in ALPHABET:
            letters.append((2, ALPHABET[base]))
        else:
            # Spaces and punctuation first, then digits, then letters of other alphabets.
            letters.append((1 if base.isdigit() else 3 if base.isalpha() else 0, base))
    return tuple(letters), tuple(tones), text
