// Accent-insensitive matching, the same folding as survey_app/text.py: "nau an" finds "Nấu ăn".
// đ is a letter of its own in Unicode, not d with a mark, so it is mapped by hand.
export function fold(text) {
  return text.replace(/đ/g, "d").replace(/Đ/g, "D")
    .normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

const WORD_BREAK = /[^\p{L}\p{N}]+/u;
// Words people put before a trade ("thợ hàn", "nghề may", "cần công nhân may"): a trade need not
// match them, though one that does ranks higher. Typed with accents, only these spellings count.
const FILLERS = ["thợ", "nghề", "học", "làm", "người", "cần", "công", "nhân", "viên", "lao", "động"];
const FILLER_FOLDED = new Set(FILLERS.map(fold));

function words(text) {
  return text.normalize("NFC").toLowerCase().split(WORD_BREAK).filter(Boolean)
    .map((word) => ({ word, folded: fold(word) }));
}

// A trade's words, and each two neighbouring words written as one: many type "ô tô" as "oto".
function nameWords(text) {
  const list = words(text);
  return [...list, ...list.slice(1).map((next, i) => ({
    word: list[i].word + next.word, folded: list[i].folded + next.folded,
  }))];
}

// The typed words. Those followed by a space are finished and must be a whole word of a name
// ("hàn điện" is not "hàng … điện tử"); the last one may still be half typed, so it is a prefix.
function queryWords(query) {
  const typed = words(query);
  const finished = WORD_BREAK.test(query.normalize("NFC").at(-1) ?? "");
  return typed.map(({ word, folded }, i) => ({
    word, folded,
    whole: finished || i < typed.length - 1,
    accented: word !== folded,
    filler: word === folded ? FILLER_FOLDED.has(folded) : FILLERS.includes(word),
  }));
}

// How well `name` (its words) answers one typed word: 0 (not at all) or more. An exact spelling
// of a typed accent counts 2 ("hàn" is Hàn before Hán), a whole word 1 ("hàn" is Hàn before hàng).
function wordScore(typed, name) {
  let best = 0;
  for (const { word, folded } of name) {
    if (typed.whole ? folded !== typed.folded : !folded.startsWith(typed.folded)) continue;
    const exact = typed.accented && (typed.whole ? word === typed.word : word.startsWith(typed.word));
    best = Math.max(best, 1 + (exact ? 2 : 0) + (folded === typed.folded ? 1 : 0));
  }
  return best;
}

// The trades answering `query`, best first, and how many answer every word that counts: only
// those matching every word (filler words aside) when some do; otherwise those matching any,
// the most words first, so that "hàn điện" still offers Hàn. Ties keep the catalogue's order.
export function rankTrades(query, trades) {
  const typed = queryWords(query);
  if (!typed.length) return { ranked: trades, complete: trades.length };
  const required = typed.some((t) => !t.filler) ? typed.filter((t) => !t.filler) : typed;
  const scored = trades.map((trade, position) => {
    const name = nameWords(`${trade.name} ${trade.other_name} ${trade.code}`);
    const scores = typed.map((t) => wordScore(t, name));
    return {
      trade, position,
      required: required.filter((t) => scores[typed.indexOf(t)] > 0).length,
      matched: scores.filter(Boolean).length,
      quality: scores.reduce((sum, score) => sum + score, 0),
      // People name the trade first and qualify it after ("hàn điện" is a kind of welding).
      first: scores.findIndex(Boolean),
    };
  }).filter((s) => s.matched);
  const complete = scored.filter((s) => s.required === required.length).length;
  const shown = complete ? scored.filter((s) => s.required === required.length) : scored;
  shown.sort((a, b) => b.required - a.required || b.matched - a.matched
    || b.quality - a.quality || a.first - b.first || a.position - b.position);
  return { ranked: shown.map((s) => s.trade), complete };
}

// Narrows a trade <select> to the trades answering the query, best first, keeping the chosen
// one whatever the query. The first option is the blank one; it says when nothing matches. On
// the business form (`chooseOnly`) the search chooses: the one trade matching every word is
// chosen at once, an owner on a phone saves a tap, and a trade chosen before that does not
// answer a new search is let go rather than kept chosen out of sight. A surveyor still picks
// from the narrowed list.
export function filterTrades(select, query, trades, noMatch, { chooseOnly = false } = {}) {
  const blank = select.options[0];
  const { ranked, complete } = rankTrades(query, trades);
  const searched = chooseOnly && query.trim();
  const chosen = searched && !ranked.some((trade) => trade.code === select.value) ? ""
    : select.value;
  const kept = trades.find((trade) => trade.code === chosen && !ranked.includes(trade));
  const shown = kept ? [kept, ...ranked] : ranked;
  const options = shown.map((trade) => new Option(trade.name, trade.code, false, trade.code === chosen));
  blank.textContent = shown.length ? blank.dataset.text : noMatch;
  select.replaceChildren(blank, ...options);
  if (searched && !chosen && complete === 1) select.value = ranked[0].code;
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
