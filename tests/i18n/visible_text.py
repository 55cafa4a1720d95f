"""The text a person sees on a page, as runs between tags."""

import re
from html.parser import HTMLParser

HIDDEN = {"script", "style", "template", "noscript"}
# Attributes whose text is shown or read out: tooltips, placeholders, labels.
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.runs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self._hidden += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self._add(value)

    def handle_endtag(self, tag):
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._add(data)

    def _add(self, text):
        text = " ".join(text.split())
        if text:
            self.runs.append(text)


def text_runs(html: str) -> list[str]:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.runs


def has_english_word(run: str) -> bool:
    """Whether ``run`` holds a word of three or more ASCII letters (not a code like NN01)."""
    return any(len(w) >= 3 and w.isascii() and w.isalpha() for w in re.findall(r"\w+", run))
