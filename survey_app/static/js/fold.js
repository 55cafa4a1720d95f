// Accent-insensitive matching, the same folding as survey_app/text.py: "nau an" finds "Nấu ăn".
// đ is a letter of its own in Unicode, not d with a mark, so it is mapped by hand.
export function fold(text) {
  return text.replace(/đ/g, "d").replace(/Đ/g, "D")
    .normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

// Whether every word of the query occurs in the text.
export function matches(query, text) {
  const haystack = fold(text);
  return fold(query).split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}
