"""Writing tables out as CSV or XLSX in constant memory, however many rows there are.

Rows come from an iterator and leave in chunks: a province's 200,000 households
never sit in memory at once. CSV starts with a byte-order mark so that Excel,
which planners open it in, reads the Vietnamese as UTF-8.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from survey_app.services.household_rules import PHONE_RE

CSV_CHUNK_ROWS = 2000
# Excel opens at most 1,048,576 rows of a sheet; one is the header.
SHEET_ROWS = 1_048_575
# A cell starting with one of these is run as a formula by spreadsheets (formula injection):
# names and notes are typed by respondents, so such text gets a leading "'".
FORMULA_STARTS = frozenset("=+-@\t\r")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_chunks(header: list[str], rows: Iterable[Iterable]) -> Iterator[bytes]:
    """UTF-8 (with BOM) CSV, a few thousand rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow(safe_row(row))  # None is written as an empty cell
        if count % CSV_CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_file(header: list[str], rows: Iterable[Iterable], *, title: str):
    """A temporary file holding the workbook (``write_xlsx``), positioned at its start; the
    file is deleted when closed."""
    output = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(output, header, rows, title=title)
    output.seek(0)
    return output


def write_xlsx(output, header: list[str], rows: Iterable[Iterable], *, title: str) -> None:
    """Write the workbook to ``output`` (a path or a binary file).

    openpyxl's write-only mode keeps one row at a time in memory. Rows beyond a
    sheet's limit go on to further sheets, each with the header, named
    "title (2)", "title (3)", ….
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    sheets = 0

    def new_sheet():
        nonlocal sheets
        sheets += 1
        suffix = f" ({sheets})" if sheets > 1 else ""
        sheet = workbook.create_sheet(title[:31 - len(suffix)] + suffix)
        sheet.freeze_panes = "A2"
        sheet.append([_bold(WriteOnlyCell(sheet, value=name), bold) for name in header])
        return sheet

    sheet = new_sheet()
    for count, row in enumerate(rows):
        if count and count % SHEET_ROWS == 0:
            sheet = new_sheet()
        sheet.append(safe_row(row))
    workbook.save(output)


def safe_row(row: Iterable) -> list:
    """The row with every text that a spreadsheet would run as a formula made plain text.
    A phone number's "+" is left alone."""
    return ["'" + value if value.__class__ is str and value[:1] in FORMULA_STARTS
            and not PHONE_RE.fullmatch(value) else value for value in row]


def _bold(cell, font):
    cell.font = font
    return cell
