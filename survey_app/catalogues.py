"""Reading, checking and compiling the translation catalogues.

``make translations`` compiles with this module (``--compile``) and the test
session compiles stale catalogues with it, so ``pytest`` works without ``make``;
``make translations-update`` runs it to list what is left to translate.
"""

import re
import sys
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from wtforms.i18n import messages_path

PACKAGE = Path(__file__).resolve().parent
TRANSLATIONS = PACKAGE / "translations"
# The Vietnamese catalogues that must be complete: ours, and WTForms' own
# validator messages, which WTForms does not translate into Vietnamese.
REQUIRED = {"messages": "vi", "wtforms": "vi"}
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
# A well-formed PO line: blank, a comment, a keyword with a quoted string, or a
# continued quoted string. Babel's reader silently truncates a string missing
# its closing quote, so lines are checked before it reads them.
PO_LINE = re.compile(
    r'(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?) +"([^"\\]|\\.)*"|"([^"\\]|\\.)*")?\s*'
)


def searched(dirpath: str) -> bool:
    """Babel skips folders starting with "_" by default, which would miss templates/_macros."""
    name = Path(dirpath).name
    return not name.startswith(".") and name != "__pycache__"


def source_msgids() -> set[str]:
    """Every string marked for translation in the code and templates, as extracted now."""
    with open(PACKAGE / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    msgids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map, options_map, keywords=KEYWORDS, directory_filter=searched
    ):
        msgids.add(message[0] if isinstance(message, tuple) else message)
    return msgids


def wtforms_msgids() -> set[str]:
    # Read as English: the template's plural entries have English's two forms.
    template = load(Path(messages_path()) / "wtforms.pot", "en")
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in template if m.id}


def load(path: Path, locale: str):
    with open(path, "rb") as f:
        return read_po(f, locale=locale, abort_invalid=True)


def problems(domain: str, locale: str, expected: set[str]) -> list[str]:
    """The msgids of ``expected`` that the catalogue lacks, leaves empty or marks fuzzy."""
    catalog = load(TRANSLATIONS / locale / "LC_MESSAGES" / f"{domain}.po", locale)
    found = []
    if catalog.fuzzy:
        found.append("(the catalogue header is marked fuzzy: the whole catalogue is skipped)")
    for msgid in sorted(expected):
        message = catalog.get(msgid)
        strings = message.string if message else None
        if isinstance(strings, tuple | list):
            missing = not all(strings)
        else:
            missing = not strings
        if message is None:
            found.append(f"missing: {msgid!r}")
        elif missing:
            found.append(f"untranslated: {msgid!r}")
        elif message.fuzzy:
            found.append(f"fuzzy: {msgid!r}")
    return found


def expected_msgids(domain: str) -> set[str]:
    return source_msgids() if domain == "messages" else wtforms_msgids()


def syntax_errors(po_path: Path) -> list[str]:
    lines = po_path.read_text(encoding="utf-8").splitlines()
    return [f"{po_path}:{n}: malformed line: {line}"
            for n, line in enumerate(lines, 1) if not PO_LINE.fullmatch(line)]


def compile_stale(directory: Path = TRANSLATIONS, force: bool = False) -> list[Path]:
    """Compile each .po whose .mo is missing or older; raise on a broken catalogue."""
    compiled = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        locale = po_path.parent.parent.name
        errors = syntax_errors(po_path)
        if not errors:
            catalog = load(po_path, locale)
            errors = [f"{po_path}:{m.lineno}: {e}" for m, errs in catalog.check() for e in errs]
        if errors:
            raise ValueError("Broken catalogue:\n" + "\n".join(errors))
        with open(mo_path, "wb") as f:
            write_mo(f, catalog)
        compiled.append(mo_path)
    return compiled


def main() -> None:
    if sys.argv[1:] == ["--compile"]:
        try:
            for mo_path in compile_stale(force=True):
                print(f"compiled {mo_path}")
        except ValueError as exc:
            sys.exit(str(exc))
        return
    left = {
        f"{domain} ({locale})": problems(domain, locale, expected_msgids(domain))
        for domain, locale in REQUIRED.items()
    }
    for name, found in left.items():
        print(f"{name}: {len(found) or 'nothing'} left to translate")
        for line in found:
            print("  " + line)


if __name__ == "__main__":
    main()
