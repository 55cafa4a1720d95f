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

// Narrows a trade <select> to the trades matching the query, keeping the chosen one whatever
// the query. The first option is the blank one; it says when nothing matches. On the business
// form (`chooseOnly`) a single match is chosen at once: an owner on a phone saves a tap, while a
// surveyor still picks from the narrowed list.
export function filterTrades(select, query, trades, noMatch, { chooseOnly = false } = {}) {
  const chosen = select.value;
  const blank = select.options[0];
  const shown = trades.filter((trade) => trade.code === chosen
    || matches(query, `${trade.name} ${trade.other_name} ${trade.code}`));
  const options = shown.map((trade) => new Option(trade.name, trade.code, false, trade.code === chosen));
  blank.textContent = shown.length ? blank.dataset.text : noMatch;
  select.replaceChildren(blank, ...options);
  if (chooseOnly && query && !chosen && shown.length === 1) select.value = shown[0].code;
}

// The trade picker: a search box above each trade list in `container` narrows the list as the
// user types. `t` holds the page's texts (search_trade, no_match).
export function addTradeSearch(container, trades, t, options = {}) {
  for (const select of container.querySelectorAll(".trade-pick select")) {
    // Put back after a search that matched nothing.
    select.options[0].dataset.text ??= select.options[0].textContent;
    const search = document.createElement("input");
    search.type = "search";
    search.id = `${select.id}-search`;
    search.className = "trade-search";
    search.setAttribute("aria-label", `${t.search_trade} (${select.labels[0].textContent})`);
    search.placeholder = t.search_trade;
    search.autocomplete = "off";
    select.before(search);
    search.addEventListener("input", () => filterTrades(select, search.value, trades, t.no_match, options));
  }
}
