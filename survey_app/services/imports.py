"""Importing questionnaires keyed from paper, from a CSV or XLSX file: what every kind shares.

A file follows a ``Layout``: one row per household member (household_imports)
or per hiring need (business_imports); the rows of one questionnaire share its
``Mã phiếu`` (questionnaire id), and the questionnaire's own answers are read
from its first row. The kind's module turns each questionnaire into an answer,
checks it by the form's rules and stores it; this module reads the file,
matches the headers, groups the rows, reports every error by line and column,
keeps everything or nothing (``all_or_nothing``), audits, and writes the
templates. docs/imports.md documents them.

The questionnaire id is a UUID, or any other text (the number written on the
paper), which is turned into a UUID by ``uuid5``: the same text gives the same
id, so importing a file twice stores nothing the second time.
"""

import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import SurveyRound, Trade, User
from survey_app.services import audit
from survey_app.services.spreadsheets import csv_chunks
from survey_app.services.upload_files import UploadError, header_key, read_table
from survey_app.text import fold

MAX_LINES = 5000
# Questionnaire ids that are not UUIDs are made into one in this namespace.
ID_NAMESPACE = uuid.UUID("3f0d8a52-6a8e-4e0b-9a41-2c51d1c1e0a7")
EXAMPLE_ID = "VD-0001"
YES, NO = {"co", "x", "yes", "y", "1", "true"}, {"", "khong", "no", "n", "0", "false"}
TRADE_CODE = re.compile(r"[A-Z]{1,4}[0-9]{1,4}")
# An error of the rules about one item of a list: "members[2].trades[3]", "needs[1].workers".
ITEM_ERROR = re.compile(r"\w+\[(\d+)\]\.(\w+)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of questionnaire file, and its template.

    ``headers`` maps each field to its Vietnamese header; "*" marks the columns every file
    must have. ``name`` names the template's download.
    """

    name: str
    headers: dict[str, str]
    sheet_title: str
    examples: list[dict]
    notes: list[str]
    audit_action: str

    def column(self, name: str) -> str:
        return self.headers[name].rstrip(" *")

    def field_of(self, header: str) -> str | None:
        """The field a header of the file names: its Vietnamese header or its field name."""
        key = header_key(header)
        for name, text in self.headers.items():
            if key in (header_key(text), header_key(name)):
                return name
        return None


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    questionnaires: int = 0
    stored: int = 0
    already_stored: int = 0
    errors: list[RowError] = field(default_factory=list)
    discarded: bool = False

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})


# A questionnaire's rows: (line, {field: text}), its first row first.
Rows = list[tuple[int, dict[str, str]]]
# Stores the questionnaires (by their id as written), counting into the result.
Store = Callable[[dict[str, Rows], ImportResult], None]


def import_file(layout: Layout, filename: str, data: bytes, store: Store, *,
                survey_round: SurveyRound, actor: User | None, all_or_nothing: bool,
                **details) -> ImportResult:
    """Read the file, hand its questionnaires to ``store``, report every bad row.

    With ``all_or_nothing``, one bad row means nothing is stored. ``actor`` is None for the
    command line; ``details`` go into the audit entry. Flushes, never commits.
    """
    (_line, header), *body = read_table(filename, data, MAX_LINES)
    columns = _columns(layout, header)
    if not body:
        raise UploadError(_l("The file has only its header row, no questionnaire under it: "
                             "nothing was imported."))
    if len(body) > MAX_LINES:
        raise UploadError(_l("The file has %(rows)s rows; upload at most %(max)s at a time.",
                             rows=len(body), max=MAX_LINES))
    groups, result = {}, ImportResult()
    id_column = layout.column("instance_id")
    for line, cells in body:
        row = {name: cells[index].strip() if 0 <= index < len(cells) else ""
               for index, name in columns.items()}
        questionnaire = row["instance_id"]
        if not questionnaire:
            result.errors.append(RowError(line, id_column, _(
                "%(column)s is required: it tells which questionnaire the row belongs to.",
                column=id_column)))
        elif questionnaire == EXAMPLE_ID:
            result.errors.append(RowError(line, id_column, _(
                "This is the template's example: delete it before uploading.")))
        else:
            groups.setdefault(questionnaire, []).append((line, row))
    result.questionnaires = len(groups)
    savepoint = db.session.begin_nested()
    store(groups, result)
    result.errors.sort(key=lambda error: error.line)
    if result.errors and all_or_nothing:
        savepoint.rollback()
        result.discarded, result.stored = True, 0
        return result
    savepoint.commit()
    audit.record(layout.audit_action, user=actor, actor=None if actor else "cli",
                 obj=survey_round, rows=len(body), stored=result.stored,
                 already_stored=result.already_stored, bad_lines=len(result.bad_lines),
                 all_or_nothing=all_or_nothing, **details)
    return result


def header_fields(layout: Layout, filename: str, data: bytes) -> set[str]:
    """The fields of ``layout`` the file's first row names: enough to tell its kind."""
    (_line, header), *_rest = read_table(filename, data, 1)
    return {layout.field_of(cell) for cell in header} - {None}


def _columns(layout: Layout, header: list[str]) -> dict[int, str]:
    columns = {index: name for index, cell in enumerate(header)
               if (name := layout.field_of(cell)) is not None}
    missing = [name for name, text in layout.headers.items() if text.endswith("*")
               and name not in columns.values()]
    if missing:
        raise UploadError(LazyString(_missing_columns, layout, missing))
    # Optional columns left out of the file are read as empty.
    for name in layout.headers:
        if name not in columns.values():
            columns[-1 - len(columns)] = name
    return columns


def _missing_columns(layout: Layout, names: list[str]) -> str:
    return _("The first row must name the columns; missing: %(columns)s. Start from the "
             "template.", columns=", ".join(layout.column(name) for name in names))


def instance_id(questionnaire: str) -> uuid.UUID:
    try:
        return uuid.UUID(questionnaire)
    except ValueError:
        return uuid.uuid5(ID_NAMESPACE, questionnaire)


# Reading the cells: the lookups are made once per file, not once per row.

def trade_codes() -> dict[str, str]:
    """Active trades by folded code and Vietnamese name, with or without its note in brackets."""
    found = {}
    for code, name in db.session.execute(select(Trade.code, Trade.name_vi)
                                         .where(Trade.active.is_(True))):
        found[fold(code)] = found[fold(name)] = found[header_key(name)] = code
    return found


def trade(text: str, trades: dict) -> tuple[str | None, str | None]:
    """A trade cell as (catalogue code, other text); both None for an empty cell.

    Text shaped like a code is meant as one: an unknown code is passed on as a code, for the
    rules to report, not kept as free text.
    """
    if not text:
        return None, None
    code = trades.get(fold(text)) or trades.get(header_key(text))
    if code or TRADE_CODE.fullmatch(text.upper()):
        return code or text, None
    return None, text


def choice_codes(choices) -> dict[str, str]:
    """The codes of ``choices`` by their folded label in Vietnamese and English, and by code."""
    codes = {}
    for code, label in choices:
        for locale in ("vi", "en"):
            with force_locale(locale):
                codes[fold(str(label))] = code
        codes[fold(code)] = code
    return codes


def cell_value(text: str, name: str, choices: dict[str, dict], flags) -> str | bool:
    """A choice's code, a yes/no as a bool; anything unreadable as typed, for the rules to name."""
    if name in choices:
        return choices[name].get(fold(text), text)
    if name in flags:
        folded = fold(text)
        return True if folded in YES else False if folded in NO else text
    return text


def row_errors(layout: Layout, errors: dict, first_line: int, item_lines: list[int],
               aliases: dict[str, str]) -> list[RowError]:
    """The rules' errors, keyed by path, by line and column: an item's error on that item's
    row, the questionnaire's own on its first row. ``aliases`` name the column of a path's
    field where they differ ("{rank}" is the rank within the item's list)."""
    found = []
    for path, text in errors.items():
        match = ITEM_ERROR.fullmatch(path)
        if match is None:
            line, name, rank = first_line, path, None
        else:
            line, name, rank = item_lines[int(match.group(1)) - 1], match.group(2), match.group(3)
        name = aliases.get(name, name).format(rank=rank or 1)
        column = layout.column(name if name in layout.headers else "instance_id")
        found.append(RowError(line, column, str(text)))
    return found


# The templates handed to whoever keys the questionnaires.

def template_xlsx(layout: Layout) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = layout.sheet_title
    sheet.append(list(layout.headers.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in layout.examples:
        sheet.append([example.get(name, "") for name in layout.headers])
    for column in sheet.columns:
        # Text, so that codes and phones keep their leading zeros.
        sheet.column_dimensions[column[0].column_letter].number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = 18
    notes = workbook.create_sheet("Hướng dẫn")
    for note in layout.notes:
        notes.append([note])
    notes.column_dimensions["A"].width = 120
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv(layout: Layout) -> bytes:
    return b"".join(csv_chunks(list(layout.headers.values()),
                               [[example.get(name, "") for name in layout.headers]
                                for example in layout.examples]))
