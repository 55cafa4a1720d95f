"""Broken copies of the reference data, shared by the service and CLI tests.

Each case edits one file of a copy of the bundled data and names the file,
line and field its error message must point at.
"""

import shutil
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from survey_app.models import Allowance, ClassRule, Region, SupportNorm, Trade
from survey_app.services.reference import DEFAULT_DIR


def _edit_lines(path, edit):
    lines = path.read_text(encoding="utf-8").split("\n")
    edit(lines)
    path.write_text("\n".join(lines), encoding="utf-8")


def _set_cell(filename, line, column, value):
    def apply(directory):
        def edit(lines):
            header = lines[0].split(",")
            cells = lines[line - 1].split(",")
            cells[header.index(column)] = value
            lines[line - 1] = ",".join(cells)

        _edit_lines(directory / filename, edit)

    return apply


def _drop_column(filename, column):
    def apply(directory):
        def edit(lines):
            index = lines[0].split(",").index(column)
            for n, line in enumerate(lines):
                if line:
                    cells = line.split(",")
                    del cells[index]
                    lines[n] = ",".join(cells)

        _edit_lines(directory / filename, edit)

    return apply


def _copy_commune_code(from_line, to_line):
    def apply(directory):
        def edit(lines):
            code = lines[from_line - 1].split(",")[1]
            cells = lines[to_line - 1].split(",")
            cells[1] = code
            lines[to_line - 1] = ",".join(cells)

        _edit_lines(directory / "communes.csv", edit)

    return apply


def _latin1_name(filename, line):
    def apply(directory):
        path = directory / filename
        lines = path.read_bytes().split(b"\n")
        cells = lines[line - 1].split(b",")
        cells[1] = "Bac Mé".encode("latin-1")  # as a legacy Windows editor would save it
        lines[line - 1] = b",".join(cells)
        path.write_bytes(b"\n".join(lines))

    return apply


@dataclass(frozen=True)
class Broken:
    id: str
    apply: object
    expected: str  # the "file, line, field" part of the message, in Vietnamese


CASES = [
    Broken("missing column", _drop_column("communes.csv", "households_2019"),
           "communes.csv, dòng 1, trường households_2019"),
    Broken("unknown district", _set_cell("communes.csv", 5, "district_code", "099"),
           "communes.csv, dòng 5, trường district_code"),
    Broken("duplicate commune code", _copy_commune_code(2, 6),
           "communes.csv, dòng 6, trường commune_code"),
    Broken("latin-1 bytes", _latin1_name("districts.csv", 8),
           "districts.csv, dòng 8, trường name_vi"),
    Broken("households not a number", _set_cell("communes.csv", 4, "households_2019", "abc"),
           "communes.csv, dòng 4, trường households_2019"),
    Broken("latitude out of range", _set_cell("districts.csv", 3, "lat", "123.5"),
           "districts.csv, dòng 3, trường lat"),
    Broken("unknown level", _set_cell("trades.csv", 10, "typical_level", "dai_hoc"),
           "trades.csv, dòng 10, trường typical_level"),
    Broken("empty required name", _set_cell("trades.csv", 2, "name_en", ""),
           "trades.csv, dòng 2, trường name_en"),
    # PostgreSQL refuses both with an error: the check must come before any write.
    Broken("name too long", _set_cell("trades.csv", 3, "name_vi", "Nghề " * 50),
           "trades.csv, dòng 3, trường name_vi"),
    Broken("population too large", _set_cell("communes.csv", 7, "population_2019", "99999999999"),
           "communes.csv, dòng 7, trường population_2019"),
]

broken_cases = pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])


def broken_copy(tmp_path, case: Broken):
    directory = tmp_path / "data"
    shutil.copytree(DEFAULT_DIR, directory)
    case.apply(directory)
    return directory


def reference_row_counts(session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (Region, Trade, SupportNorm, Allowance, ClassRule)
    }


EMPTY = {"region": 0, "trade": 0, "support_norm": 0, "allowance": 0, "class_rule": 0}
