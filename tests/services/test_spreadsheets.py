"""Spreadsheets as the planner opens them."""

from openpyxl import load_workbook

from survey_app.services import spreadsheets


def test_rows_beyond_what_a_sheet_holds_continue_on_another_sheet_with_the_header(monkeypatch):
    monkeypatch.setattr(spreadsheets, "SHEET_ROWS", 3)
    rows = [[f"Hộ {n}", n] for n in range(1, 8)]

    with spreadsheets.xlsx_file(["Tên", "Số"], iter(rows), title="Hộ gia đình") as output:
        workbook = load_workbook(output, read_only=True)
        sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
                  for sheet in workbook.worksheets}
        workbook.close()

    assert sheets == {
        "Hộ gia đình": [["Tên", "Số"], ["Hộ 1", 1], ["Hộ 2", 2], ["Hộ 3", 3]],
        "Hộ gia đình (2)": [["Tên", "Số"], ["Hộ 4", 4], ["Hộ 5", 5], ["Hộ 6", 6]],
        "Hộ gia đình (3)": [["Tên", "Số"], ["Hộ 7", 7]],
    }
