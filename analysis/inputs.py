"""The tables the analysis reads, checked on entry.

Each table has a column spec below (``WISHES``, ``COVERAGE``…). ``check_<table>(df, ...)`` returns a
normalised copy: only the spec's columns, optional ones filled with their default, fixed dtypes
(codes and text as ``str``, counts as ``int64``, flags as ``bool``) and a canonical row order, so
that the same rows in any order give the same table. A bad table raises ``InputError`` naming the
table, the column and the first bad row (the row's index label in the table handed in).

Rows may be aggregated: ``members`` says how many identical members a wishes row stands for, so
nothing downstream needs one Python object per respondent.
"""

import hashlib
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from analysis.levels import LEVELS

PLACES = ("commune", "cluster", "district", "province")
"""How far a member accepts to travel for a class, nearest first."""
REGION_KINDS = ("province", "district", "commune")
ALLOWANCES = ("meals", "travel", "travel_difficult")
_CODE_PATTERNS = {"province": r"\d{2}", "district": r"\d{3}", "commune": r"\d{5}"}


class InputError(ValueError):
    """A table the analysis cannot use; the message names the table, column and first bad row."""

    def __init__(self, table: str, message: str, column: str | None = None, row=None):
        where = table
        if column is not None:
            where += f": column '{column}'"
        if row is not None:
            where += f", row {row}"
        super().__init__(f"{where}: {message}")
        self.table, self.column, self.row = table, column, row


@dataclass(frozen=True)
class Column:
    """One column of a table spec.

    ``kind`` is "text", "int", "float" or "bool". Text may be restricted to a regular expression
    (``pattern``) or a list (``choices``); numbers to ``minimum``/``maximum`` (``above`` makes the
    minimum exclusive). ``nullable`` allows missing numbers (NaN). An optional column (``default``
    not None) is filled with its default when absent; ``required=False`` with no default means the
    column is simply left out when absent.
    """

    name: str
    kind: str
    pattern: str | None = None
    choices: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    above: bool = False
    nullable: bool = False
    required: bool = True
    default: object = None


WISHES = (
    Column("commune", "text", pattern=r"\d{5}"),
    Column("district", "text", pattern=r"\d{3}"),
    Column("rank", "int", minimum=1, maximum=3),
    Column("trade", "text", pattern=r".+"),
    Column("level", "text", choices=LEVELS),
    Column("place", "text", choices=PLACES),
    Column("support_group", "text", required=False, default=""),
    Column("small_cap", "bool", required=False, default=False),
    Column("difficult", "bool", required=False, default=False),
    Column("members", "int", minimum=1),
    Column("weight", "float", minimum=0, above=True, required=False),
    Column("lat", "float", minimum=-90, maximum=90, nullable=True, required=False),
    Column("lon", "float", minimum=-180, maximum=180, nullable=True, required=False),
    Column("response_id", "text", required=False),
)
"""Members' training wishes: one row per (members alike in every column) × ranked trade."""

COVERAGE = (
    Column("commune", "text", pattern=r"\d{5}"),
    Column("households_surveyed", "int", minimum=0),
)
"""Households surveyed per commune, those where nobody wants training included."""

JOB_FLAGS = (
    "provide_trainers",
    "provide_workshop",
    "take_apprentices",
    "commit_to_hire",
    "co_fund",
)
JOBS = (
    Column("business", "text", pattern=r".+"),
    Column("district", "text", pattern=r"\d{3}"),
    Column("commune", "text", pattern=r"(\d{5})?", required=False, default=""),
    Column("trade", "text", pattern=r".+"),
    Column("level", "text", choices=LEVELS),
    Column("workers", "int", minimum=0),
    Column("quarter", "float", minimum=1, maximum=4, nullable=True, required=False, default=np.nan),
    *(Column(flag, "bool", required=False, default=False) for flag in JOB_FLAGS),
)
"""Businesses' job needs: workers wanted per trade and level."""

REGIONS = (
    Column("code", "text", pattern=r"\d{2}|\d{3}|\d{5}"),
    Column("parent", "text", pattern=r"(\d{2}|\d{3})?"),
    Column("kind", "text", choices=REGION_KINDS),
    Column("name_vi", "text"),
    Column("name_en", "text", required=False, default=""),
    Column("lat", "float", minimum=-90, maximum=90, nullable=True),
    Column("lon", "float", minimum=-180, maximum=180, nullable=True),
    Column("households", "int", minimum=0),
)
"""The province, its districts and communes, with centroids and households (2019 census)."""

TRADES = (
    Column("code", "text", pattern=r".+"),
    Column("name_vi", "text"),
    Column("name_en", "text", required=False, default=""),
    Column("group", "text", required=False, default=""),
    Column("typical_level", "text", choices=LEVELS),
    Column("typical_duration_months", "float", minimum=0, above=True),
)
"""The trade catalogue."""

SUPPORT_NORMS = (
    Column("group_code", "text", pattern=r".+"),
    Column("name_vi", "text"),
    Column("name_en", "text", required=False, default=""),
    Column("max_training_support_vnd", "int", minimum=0),
    Column("rank", "int", minimum=1),
)
"""Training support per learner and course by priority group (Decision 46/2015); rank 1 is the
highest."""

ALLOWANCES_SPEC = (
    Column("allowance", "text", choices=ALLOWANCES),
    Column("amount_vnd", "int", minimum=0),
)
"""Meals (per day) and travel (per course) allowances."""

CLASS_RULES = (
    Column("rule", "text", pattern=r".+"),
    Column("applies_to", "text", pattern=r".+"),
    Column("max_learners", "int", minimum=1),
)
"""Class caps (Circular 42/2015 as amended), e.g. practice_class/general/18."""


def check_wishes(
    df, *, regions=None, trades=None, support_norms=None, coverage=None
) -> pd.DataFrame:
    """Checked wishes; with the (checked) reference tables, unknown codes are refused too, and
    with ``coverage`` a commune without surveyed households."""
    out = _check_columns("wishes", df, WISHES, allow_empty=True, keep_codes=True)
    if regions is not None:
        _check_commune_district("wishes", out, regions)
    if trades is not None:
        _check_known("wishes", out, "trade", trades["code"], "trade")
    if support_norms is not None:
        groups = pd.concat([support_norms["group_code"], pd.Series([""])])
        _check_known("wishes", out, "support_group", groups, "support group")
    if coverage is not None:
        surveyed = coverage.loc[coverage["households_surveyed"] > 0, "commune"]
        _raise_first(
            "wishes",
            out,
            "commune",
            ~out["commune"].isin(surveyed),
            lambda v: f"commune '{v}' has no surveyed households in coverage",
        )
    return _aggregate(out)


def check_coverage(df, *, regions=None) -> pd.DataFrame:
    out = _check_columns("coverage", df, COVERAGE, allow_empty=True)
    _check_unique("coverage", out, ["commune"])
    if regions is not None:
        communes = regions.loc[regions["kind"] == "commune", "code"]
        _check_known("coverage", out, "commune", communes, "commune")
    return _canonical(out)


def check_jobs(df, *, regions=None, trades=None) -> pd.DataFrame:
    out = _check_columns("jobs", df, JOBS, allow_empty=True)
    bad = out["quarter"].notna() & (out["quarter"] % 1 != 0)
    _raise_first("jobs", out, "quarter", bad, lambda v: f"{v} is not a quarter 1–4")
    if regions is not None:
        _check_commune_district("jobs", out, regions)
    if trades is not None:
        _check_known("jobs", out, "trade", trades["code"], "trade")
    return _canonical(out)


def check_regions(df) -> pd.DataFrame:
    out = _check_columns("regions", df, REGIONS)
    _check_unique("regions", out, ["code"])
    for kind, pattern in _CODE_PATTERNS.items():
        bad = (out["kind"] == kind) & ~out["code"].str.fullmatch(pattern)
        _raise_first("regions", out, "code", bad, lambda v, k=kind: f"'{v}' is not a {k} code")
    kind_of = out.set_index("code")["kind"]
    parent_kind = out["parent"].map(kind_of)
    expected = out["kind"].map({"province": None, "district": "province", "commune": "district"})
    bad = (out["kind"] == "province") & (out["parent"] != "")
    _raise_first("regions", out, "parent", bad, lambda v: f"a province has no parent, got '{v}'")
    bad = (out["kind"] != "province") & (parent_kind != expected)
    _raise_first("regions", out, "parent", bad, lambda v: f"unknown parent '{v}'")
    for column in ("lat", "lon"):
        bad = (out["kind"] == "commune") & out[column].isna()
        _raise_first("regions", out, column, bad, lambda v: "a commune needs its centroid")
    return _canonical(out)


def check_trades(df) -> pd.DataFrame:
    out = _check_columns("trades", df, TRADES)
    _check_unique("trades", out, ["code"])
    return _canonical(out)


def check_support_norms(df) -> pd.DataFrame:
    out = _check_columns("support_norms", df, SUPPORT_NORMS)
    _check_unique("support_norms", out, ["group_code"])
    _check_unique("support_norms", out, ["rank"])
    return _canonical(out)


def check_allowances(df) -> pd.DataFrame:
    out = _check_columns("allowances", df, ALLOWANCES_SPEC)
    _check_unique("allowances", out, ["allowance"])
    missing = sorted(set(ALLOWANCES) - set(out["allowance"]))
    if missing:
        raise InputError("allowances", f"no row for '{missing[0]}'", column="allowance")
    return _canonical(out)


def check_class_rules(df) -> pd.DataFrame:
    out = _check_columns("class_rules", df, CLASS_RULES)
    _check_unique("class_rules", out, ["rule", "applies_to"])
    return _canonical(out)


@dataclass(frozen=True)
class Inputs:
    """Every table the analysis reads, checked and normalised; build it with ``Inputs.build``."""

    wishes: pd.DataFrame
    coverage: pd.DataFrame
    jobs: pd.DataFrame
    regions: pd.DataFrame
    trades: pd.DataFrame
    support_norms: pd.DataFrame
    allowances: pd.DataFrame
    class_rules: pd.DataFrame

    @classmethod
    def build(
        cls, *, wishes, coverage, jobs, regions, trades, support_norms, allowances, class_rules
    ) -> "Inputs":
        """Check every table and the codes they share (trades, communes, districts, groups).

        Every commune with wishes must have surveyed households in ``coverage``: weights and
        margins are computed from them.
        """
        regions = check_regions(regions)
        trades = check_trades(trades)
        support_norms = check_support_norms(support_norms)
        coverage = check_coverage(coverage, regions=regions)
        return cls(
            wishes=check_wishes(
                wishes,
                regions=regions,
                trades=trades,
                support_norms=support_norms,
                coverage=coverage,
            ),
            coverage=coverage,
            jobs=check_jobs(jobs, regions=regions, trades=trades),
            regions=regions,
            trades=trades,
            support_norms=support_norms,
            allowances=check_allowances(allowances),
            class_rules=check_class_rules(class_rules),
        )

    def fingerprint(self) -> str:
        """SHA-256 (hex) of every table's columns, dtypes and rows, whatever the rows' order.

        Each row is hashed (pandas' stable row hash) and the sorted hashes are digested, so the
        cost stays linear in the rows. Stable for a given pandas version.
        """
        digest = hashlib.sha256()
        for f in fields(self):
            table = getattr(self, f.name)
            header = ",".join(f"{c}:{table[c].dtype}" for c in table.columns)
            digest.update(f"{f.name}|{len(table)}|{header}\n".encode())
            if len(table):
                rows = pd.util.hash_pandas_object(table, index=False).to_numpy()
                digest.update(np.sort(rows).astype("<u8").tobytes())
        return digest.hexdigest()


def _check_columns(
    table: str, df, spec, allow_empty: bool = False, keep_codes: bool = False
) -> pd.DataFrame:
    """The spec's columns of ``df``, checked and typed; with ``keep_codes`` text columns stay
    categories (sorted), which later checks and grouping of a large table hash far faster."""
    if not isinstance(df, pd.DataFrame):
        raise InputError(table, f"expected a table (DataFrame), got {type(df).__name__}")
    if allow_empty and df.empty and len(df.columns) == 0:
        # an empty survey may come as a bare DataFrame(): give it the spec's columns
        df = pd.DataFrame({c.name: pd.Series(dtype=_DTYPES[c.kind]) for c in spec if c.required})
    for column in spec:
        if column.required and column.name not in df.columns:
            raise InputError(table, "is missing", column=column.name)
    if not allow_empty and df.empty:
        raise InputError(table, "the table is empty")
    out = {}
    for column in spec:
        if column.name in df.columns:
            out[column.name] = _check_column(table, df, column)
        elif column.default is not None:
            out[column.name] = pd.Series(column.default, index=df.index)
            out[column.name] = out[column.name].astype(_DTYPES[column.kind])
    out = pd.DataFrame(out, index=df.index)
    return out if keep_codes else _as_text(out)


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns checked as categories (see ``_check_column``) back as ``str``."""
    coded = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    return df.astype(dict.fromkeys(coded, "str")) if coded else df


_DTYPES = {"text": "str", "int": "int64", "float": "float64", "bool": "bool"}


def _check_column(table: str, df: pd.DataFrame, column: Column) -> pd.Series:
    name, raw = column.name, df[column.name]

    def fail(bad, message):
        _raise_first(table, df, name, bad, message)

    if column.kind == "text":
        # codes repeat a lot: hash every value once, test each distinct value once
        codes, distinct = pd.factorize(raw)
        fail(codes < 0, lambda v: "missing value")
        distinct = pd.Series(distinct)
        not_text = ~distinct.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        fail(np.isin(codes, np.flatnonzero(not_text)), lambda v: f"{v!r} is not text")
        distinct = distinct.astype("str")
        bad = pd.Series(False, index=distinct.index)
        if column.pattern is not None:
            bad |= ~distinct.str.fullmatch(column.pattern)
        if column.choices is not None:
            bad |= ~distinct.isin(column.choices)
        if bad.any():
            fail(np.isin(codes, np.flatnonzero(bad)), lambda v: _bad_text(v, column.choices))
        # sorted categories, so that sorting the codes sorts the text
        order = np.argsort(distinct.to_numpy(dtype=object), kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        categories = pd.Index(distinct.to_numpy(dtype=object)[order], dtype="str")
        return pd.Series(pd.Categorical.from_codes(rank[codes], categories), index=raw.index)
    if column.kind == "bool":
        if pd.api.types.is_bool_dtype(raw) and not raw.isna().any():
            return raw.astype("bool")
        fail(raw.isna(), lambda v: "missing value")
        fail(~raw.isin([True, False]), lambda v: f"{v!r} is not true or false")
        return raw.astype("bool")
    if pd.api.types.is_bool_dtype(raw):
        fail(pd.Series(True, index=raw.index), lambda v: f"{v!r} is not a number")
    numbers = pd.to_numeric(raw, errors="coerce")
    fail(numbers.isna() & raw.notna(), lambda v: f"{v!r} is not a number")
    numbers = numbers.astype("float64")
    if not column.nullable:
        fail(numbers.isna(), lambda v: "missing value")
    fail(np.isinf(numbers), lambda v: f"{v} is not a finite number")
    if column.kind == "int":
        fail(numbers.notna() & (numbers % 1 != 0), lambda v: f"{v} is not a whole number")
    if column.minimum is not None:
        low = numbers <= column.minimum if column.above else numbers < column.minimum
        sign = ">" if column.above else "≥"
        fail(low, lambda v: f"{v} is not {sign} {column.minimum:g}")
    if column.maximum is not None:
        fail(numbers > column.maximum, lambda v: f"{v} is not ≤ {column.maximum:g}")
    return numbers.astype("int64") if column.kind == "int" else numbers


def _bad_text(value: str, choices) -> str:
    if value == "":
        return "missing value"
    if choices:
        return f"'{value}' is not one of {', '.join(choices)}"
    return f"'{value}' is not a valid code"


def _raise_first(table: str, df: pd.DataFrame, column: str, bad: pd.Series, message) -> None:
    """Raise for the first row where ``bad`` holds, with ``message(value)``."""
    bad = np.asarray(bad, dtype=bool)
    if bad.any():
        position = int(np.argmax(bad))
        value = df[column].iloc[position]
        value = value.item() if isinstance(value, np.generic) else value
        raise InputError(table, message(value), column=column, row=df.index[position])


def _check_unique(table: str, df: pd.DataFrame, columns: list[str]) -> None:
    repeated = df.duplicated(columns, keep="first")
    what = "/".join(columns)
    _raise_first(table, df, columns[-1], repeated, lambda v: f"{what} repeated ('{v}')")


def _check_known(table: str, df: pd.DataFrame, column: str, known: pd.Series, what: str) -> None:
    _raise_first(table, df, column, ~df[column].isin(known), lambda v: f"unknown {what} '{v}'")


def _check_commune_district(table: str, df: pd.DataFrame, regions: pd.DataFrame) -> None:
    """Communes and districts must be known, and each commune in the district given with it."""
    # each pair's first row, in row order: its first bad row is the table's
    df = _as_text(df[["commune", "district"]].drop_duplicates())
    districts = regions.loc[regions["kind"] == "district", "code"]
    _check_known(table, df, "district", districts, "district")
    communes = regions.loc[regions["kind"] == "commune"].set_index("code")["parent"]
    given = df["commune"] != ""
    _check_known(table, df[given], "commune", communes.index.to_series(), "commune")
    parent = df["commune"].map(communes)
    bad = given & (parent != df["district"])
    _raise_first(
        table,
        df,
        "district",
        bad,
        lambda v: f"'{v}' is not the district of the commune on this row",
    )


def _aggregate(wishes: pd.DataFrame) -> pd.DataFrame:
    """Identical wishes rows summed into one (``members`` added up), in canonical order: the
    same members however the app grouped them, and fewer rows for every later step."""
    if wishes.empty:
        return _as_text(wishes).reset_index(drop=True)
    keys = [c for c in wishes.columns if c != "members"]
    summed = wishes.groupby(keys, dropna=False, sort=True, observed=True)["members"].sum()
    return _as_text(summed.reset_index()[list(wishes.columns)])


def _canonical(df: pd.DataFrame) -> pd.DataFrame:
    """The rows sorted on every column, so that row order never changes a result."""
    if df.empty:
        return df.reset_index(drop=True)
    return df.sort_values(list(df.columns), kind="stable", na_position="last").reset_index(
        drop=True
    )
