"""Loading the bundled reference data: regions, trades and support rules.

Every file is parsed and checked first; only when all of them are clean does
the load touch the database, inside the caller's transaction. Rows are
upserted by their natural key, so a second load of the same files changes
nothing, and a load after an admin edit puts the file's values back.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Allowance, ClassRule, Level, Region, RegionLevel, SupportNorm, Trade

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data"

# Past this many problems the rest are mostly the same mistake repeated.
MAX_ERRORS = 20


class ReferenceDataError(Exception):
    """The reference files have problems: ``errors`` lists each with its file, line and field,
    in the current language."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


# Parsers: each turns a non-empty cell into a value or raises ValueError with a reason.


def text(value: str) -> str:
    return value


def whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number", value=value)) from None
        _check_range(number, low, high)
        return number

    return parse


def decimal(low: float, high: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number", value=value)) from None
        _check_range(number, low, high)
        return number

    return parse


def _check_range(number, low, high) -> None:
    if high is not None and not low <= number <= high:
        raise ValueError(_("%(number)s is out of range (%(low)s–%(high)s)", number=number,
                           low=low, high=high))
    if number < low:
        raise ValueError(_("%(number)s is out of range (at least %(low)s)", number=number,
                           low=low))


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (YYYY-MM-DD)", value=value)) from None


def digits(count: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if not re.fullmatch(rf"\d{{{count}}}", value):
            raise ValueError(_("“%(value)s” is not %(count)s digits", value=value, count=count))
        return value

    return parse


def level(value: str) -> Level:
    try:
        return Level(value)
    except ValueError:
        known = ", ".join(m.value for m in Level)
        raise ValueError(_("unknown level “%(value)s” (expected one of: %(known)s)", value=value,
                           known=known)) from None


LATITUDE = decimal(-90, 90)
LONGITUDE = decimal(-180, 180)
# Below 2**31: the columns are 32-bit integers on PostgreSQL.
COUNT = whole_number(0, 2_000_000_000)


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any] = text
    required: bool = True
    # The model attribute the value goes to, when it differs from the column name.
    attr: str | None = None


@dataclass(frozen=True)
class FileSpec:
    filename: str
    model: type
    columns: tuple[Column, ...]
    key: str  # the column that must be unique within the file

    def max_length(self, column: Column) -> int | None:
        """The longest text the model's column holds (PostgreSQL refuses more)."""
        table_column = self.model.__table__.columns.get(column.attr or column.name)
        return getattr(table_column.type, "length", None) if table_column is not None else None


@dataclass
class Record:
    line: int
    values: dict[str, Any]


PROVINCE = FileSpec("province.csv", Region, (
    Column("code", digits(2)),
    Column("name_vi"),
    Column("name_en", required=False),
    Column("type", attr="kind"),
    Column("population", COUNT, required=False),
    Column("households", COUNT, required=False),
    Column("lat", LATITUDE, required=False),
    Column("lon", LONGITUDE, required=False),
    Column("valid_from", iso_date),
), key="code")

DISTRICTS = FileSpec("districts.csv", Region, (
    Column("code", digits(3)),
    Column("name_vi"),
    Column("name_en", required=False),
    Column("type", attr="kind"),
    Column("population", COUNT, required=False),
    Column("lat", LATITUDE, required=False),
    Column("lon", LONGITUDE, required=False),
), key="code")

COMMUNES = FileSpec("communes.csv", Region, (
    Column("district_code", digits(3)),
    Column("commune_code", digits(5), attr="code"),
    Column("name_vi"),
    Column("type", attr="kind"),
    Column("lat", LATITUDE, required=False),
    Column("lon", LONGITUDE, required=False),
    Column("population_2019", COUNT, required=False, attr="population"),
    Column("households_2019", COUNT, required=False, attr="households"),
), key="commune_code")

TRADES = FileSpec("trades.csv", Trade, (
    Column("code"),
    Column("name_vi"),
    Column("name_en"),
    Column("isced_f", digits(4)),
    Column("group"),
    Column("typical_level", level),
    Column("typical_duration_months", whole_number(1, 36)),
), key="code")

SUPPORT_NORMS = FileSpec("support_norms.csv", SupportNorm, (
    Column("group_code"),
    Column("name_vi"),
    Column("name_en"),
    Column("max_training_support_vnd", COUNT),
    Column("rank", whole_number(1)),
), key="group_code")

ALLOWANCES = FileSpec("allowances.csv", Allowance, (
    Column("allowance", attr="code"),
    Column("amount_vnd", COUNT),
    Column("unit"),
    Column("condition"),
    Column("source"),
), key="allowance")

CLASS_RULES = FileSpec("class_rules.csv", ClassRule, (
    Column("rule"),
    Column("applies_to"),
    Column("max_learners", whole_number(1, 100)),
    Column("source"),
), key="rule+applies_to")

SPECS = (PROVINCE, DISTRICTS, COMMUNES, TRADES, SUPPORT_NORMS, ALLOWANCES, CLASS_RULES)


class _Errors(list):
    def add(self, filename: str, line: int | None, column: str | None, message: str) -> None:
        where = [filename]
        if line is not None:
            where.append(_("line %(line)s", line=line))
        if column is not None:
            where.append(_("field %(field)s", field=column))
        self.append(f"{', '.join(where)}: {message}")


def read_file(directory: Path, spec: FileSpec, errors: _Errors) -> list[Record]:
    """Parse one CSV file into records, adding every problem found to ``errors``."""
    path = Path(directory) / spec.filename
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        errors.add(spec.filename, None, None, _("file not found"))
        return []
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.add(spec.filename, line, _column_with_bad_bytes(data, line),
                   _("bytes that are not UTF-8 (was the file saved in another encoding?); "
                     "save it as UTF-8"))
        return []

    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = reader.fieldnames or []
    missing = [c.name for c in spec.columns if c.name not in header]
    for name in missing:
        errors.add(spec.filename, 1, name, _("column missing from the header"))
    if missing:
        return []

    records, first_seen = [], {}
    for raw in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in raw.values()):
            continue  # a blank line, often left at the end by spreadsheets
        values, ok = {}, True
        for column in spec.columns:
            cell = (raw.get(column.name) or "").strip()
            if not cell:
                if column.required:
                    errors.add(spec.filename, line, column.name,
                               _("empty, but a value is required"))
                    ok = False
                values[column.name] = None
                continue
            limit = spec.max_length(column)
            if limit is not None and len(cell) > limit:
                errors.add(spec.filename, line, column.name,
                           _("%(length)s characters, longer than the %(limit)s allowed",
                             length=len(cell), limit=limit))
                ok = False
                continue
            try:
                values[column.name] = column.parse(cell)
            except ValueError as exc:
                errors.add(spec.filename, line, column.name, str(exc))
                ok = False
        key = "+".join(str(raw.get(part) or "").strip() for part in spec.key.split("+"))
        if key in first_seen:
            errors.add(spec.filename, line, spec.key,
                       _("duplicate “%(key)s”, already on line %(line)s", key=key,
                         line=first_seen[key]))
            ok = False
        else:
            first_seen[key] = line
        if ok:
            records.append(Record(line, values))
    return records


def _column_with_bad_bytes(data: bytes, line: int) -> str | None:
    """The header name of the first cell on ``line`` that is not valid UTF-8."""
    lines = data.split(b"\n")
    if line == 1:
        return None
    header = next(csv.reader([lines[0].decode("utf-8-sig", errors="replace")]))
    # Latin-1 maps every byte to one character, so each cell's original bytes come back intact.
    cells = next(csv.reader([lines[line - 1].decode("latin-1")]))
    for name, cell in zip(header, cells, strict=False):
        try:
            cell.encode("latin-1").decode("utf-8")
        except UnicodeDecodeError:
            return name.strip()
    return None


def read_all(directory: Path = DEFAULT_DIR) -> dict[str, list[Record]]:
    """Parse and cross-check every reference file; raise ReferenceDataError listing the problems."""
    errors = _Errors()
    parsed = {spec.filename: read_file(directory, spec, errors) for spec in SPECS}

    provinces = parsed[PROVINCE.filename]
    if len(provinces) > 1:
        errors.add(PROVINCE.filename, provinces[1].line, None,
                   _("holds more than one province; load one province at a time"))
    district_codes = {r.values["code"] for r in parsed[DISTRICTS.filename]}
    for record in parsed[COMMUNES.filename]:
        code = record.values["district_code"]
        if code not in district_codes:
            errors.add(COMMUNES.filename, record.line, "district_code",
                       _("unknown district “%(code)s” (not in %(file)s)", code=code,
                         file=DISTRICTS.filename))

    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(_("… and %(count)s more problems", count=len(errors) - MAX_ERRORS))
        raise ReferenceDataError(shown)
    if not provinces:
        raise ReferenceDataError([_("%(file)s: no province row", file=PROVINCE.filename)])
    return parsed


def _attrs(spec: FileSpec, record: Record, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        column.attr or column.name: record.values[column.name]
        for column in spec.columns
        if column.name not in skip
    }


class _Upserter:
    """Inserts or updates rows by natural key and counts what it did."""

    def __init__(self):
        self.counts: dict[str, dict[str, int]] = {}

    def upsert(self, label: str, existing: dict, key_names: tuple[str, ...], model, attrs: dict):
        tally = self.counts.setdefault(label, {"inserted": 0, "updated": 0, "unchanged": 0})
        row = existing.get(tuple(attrs[name] for name in key_names))
        if row is None:
            row = model(**attrs)
            db.session.add(row)
            tally["inserted"] += 1
            return row
        changed = {name: value for name, value in attrs.items() if getattr(row, name) != value}
        for name, value in changed.items():
            setattr(row, name, value)
        tally["updated" if changed else "unchanged"] += 1
        return row


def _existing(model, key_names: tuple[str, ...]) -> dict:
    rows = db.session.scalars(select(model))
    return {tuple(getattr(row, name) for name in key_names): row for row in rows}


REGION_KEY = ("level", "code", "valid_from")
SIMPLE_TABLES = (
    ("trade", TRADES, Trade, ("code",)),
    ("support_norm", SUPPORT_NORMS, SupportNorm, ("group_code",)),
    ("allowance", ALLOWANCES, Allowance, ("code",)),
    ("class_rule", CLASS_RULES, ClassRule, ("rule", "applies_to")),
)


def load_all(directory: Path | str = DEFAULT_DIR) -> dict[str, dict[str, int]]:
    """Load every reference file from ``directory`` into the database; flush, do not commit.

    Returns, per table (regions split by level), how many rows were inserted,
    updated or left unchanged. Rows whose natural key is in a file take the
    file's values, overwriting admin edits; rows absent from the files, and a
    trade's ``active`` flag (not in the file), are left as they are. Nothing
    is written when any file has a problem (ReferenceDataError).
    """
    parsed = read_all(Path(directory))
    upserter = _Upserter()
    regions = _existing(Region, REGION_KEY)

    province_record = parsed[PROVINCE.filename][0]
    # The province row dates the whole list: districts and communes share its start.
    valid_from = province_record.values["valid_from"]
    province = upserter.upsert("province", regions, REGION_KEY, Region, {
        "level": RegionLevel.PROVINCE, "parent_id": None, **_attrs(PROVINCE, province_record),
    })
    db.session.flush()

    districts = {
        record.values["code"]: upserter.upsert("district", regions, REGION_KEY, Region, {
            "level": RegionLevel.DISTRICT, "parent_id": province.id, "valid_from": valid_from,
            **_attrs(DISTRICTS, record),
        })
        for record in parsed[DISTRICTS.filename]
    }
    db.session.flush()

    for record in parsed[COMMUNES.filename]:
        parent = districts[record.values["district_code"]]
        upserter.upsert("commune", regions, REGION_KEY, Region, {
            "level": RegionLevel.COMMUNE, "parent_id": parent.id, "valid_from": valid_from,
            **_attrs(COMMUNES, record, skip=("district_code",)),
        })

    for label, spec, model, key_names in SIMPLE_TABLES:
        existing = _existing(model, key_names)
        for record in parsed[spec.filename]:
            upserter.upsert(label, existing, key_names, model, _attrs(spec, record))
    db.session.flush()
    return upserter.counts
