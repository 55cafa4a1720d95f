"""Reading an uploaded CSV or XLSX table: invitation lists and response imports share it.

Rows come as ``(line, cells)`` pairs, the line as the uploader's spreadsheet
numbers it (the header is line 1), so every error can name it. Headers are
compared through ``header_key``: case, tone marks, "*" and notes in brackets
do not count.
"""

import csv
import io
import re
import unicodedata
import warnings
import zipfile

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from survey_app.text import fold


class UploadError(ValueError):
    """The file cannot be read as the table expected; ``message`` says why, lazily."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def header_key(text: str) -> str:
    text = re.sub(r"\(.*?\)|\*", "", fold(str(text)))
    return " ".join(text.split())


def read_table(filename: str, data: bytes, max_lines: int) -> list[tuple[int, list[str]]]:
    """The non-empty lines of an uploaded CSV or XLSX file, the header first.

    Reading stops a little after ``max_lines``: the caller refuses longer files.
    """
    if filename.lower().endswith(".xlsx"):
        table = _xlsx_rows(data, max_lines)
    elif filename.lower().endswith(".csv"):
        table = _csv_rows(data)
    else:
        raise UploadError(_l("Upload a .xlsx or .csv file (the template is one)."))
    lines = [(number, row) for number, row in table if any(cell.strip() for cell in row)]
    if not lines:
        raise UploadError(_l("The file is empty."))
    return lines


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _xlsx_rows(data: bytes, max_lines: int):
    try:
        # openpyxl warns about workbook features it does not read (styles, validation):
        # none of them matter to the values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UploadError(_l("The file is not a readable .xlsx workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.append((number, [_cell_text(value) for value in row]))
            if number > max_lines + 50:
                break
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" on Vietnamese Windows is Windows-1258, with tone marks as
        # combining characters.
        text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(enumerate(csv.reader(io.StringIO(text), dialect), start=1))
