"""Spreadsheet (XLSX) exports, written by the worker, never inside a web request.

Writing a province's households to XLSX takes minutes, longer than a proxy waits for a
page. A planner's request stores a ``DataExport`` as queued and hands it to the worker
(``run``), which writes the file into the export folder under a temporary name and renames
it when complete, so a half-written file is never offered. Personal data must not linger:
a file is deleted a day after it was asked for when it holds names, a week otherwise
(``remove_expired``, run whenever the exports are listed, opened or asked for).
"""

from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import or_, select, update

from survey_app.extensions import db
from survey_app.jobs import enqueue
from survey_app.models import DataExport, ExportStatus, SurveyRound, User
from survey_app.models.base import utcnow
from survey_app.services import audit, exports
from survey_app.services.spreadsheets import write_xlsx

FORMATS = ("xlsx",)
KEEP = {True: timedelta(hours=24), False: timedelta(days=7)}
# The worker tells how far it got every this many rows.
PROGRESS_ROWS = 2000
RECENT = 20
IN_PROGRESS = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def folder() -> Path:
    return Path(current_app.config["EXPORT_FOLDER"] or Path(current_app.instance_path) / "exports")


def path(export: DataExport) -> Path:
    return folder() / f"{export.id}.{export.format}"


def _partial(final: Path) -> Path:
    return final.with_name(final.name + ".part")


def request(dataset: exports.Dataset, survey_round: SurveyRound, fmt: str, *, user: User,
            identified: bool, language: str, purpose: str | None = None,
            ip: str | None = None) -> DataExport:
    """Store the export as queued, audited, and hand it to the worker; returns at once."""
    remove_expired()
    now = utcnow()
    export = DataExport(round_id=survey_round.id, requested_by_id=user.id, dataset=dataset.name,
                        format=fmt, identified=identified, language=language,
                        status=ExportStatus.QUEUED, created_at=now,
                        expires_at=now + KEEP[identified])
    db.session.add(export)
    db.session.flush()
    exports.record(dataset, survey_round, fmt, user=user, identified=identified, purpose=purpose,
                   ip=ip, export=export.id)
    export_id = export.id
    db.session.commit()
    # The id, not export.id: reading the expired export would open a transaction whose
    # snapshot (SQLite's) hides what the worker writes from this session (services/plans.py).
    enqueue("make_export", export_id)
    return export


def _visible_to(user: User):
    # De-identified files are the team's; one with names is for the planner who asked alone.
    return or_(DataExport.identified.is_(False), DataExport.requested_by_id == user.id)


def get(export_id: int, user: User) -> DataExport | None:
    """The export, if ``user`` may see it."""
    remove_expired()
    return db.session.scalar(select(DataExport).where(DataExport.id == export_id,
                                                      _visible_to(user)))


def recent(user: User) -> list[DataExport]:
    """The latest exports ``user`` may see, newest first."""
    return list(db.session.scalars(
        select(DataExport).where(_visible_to(user))
        .order_by(DataExport.created_at.desc(), DataExport.id.desc()).limit(RECENT)))


def remove_expired() -> None:
    """Delete the files whose time is up and mark their exports expired (a failed export has
    no file and stays failed)."""
    due = db.session.scalars(select(DataExport).where(
        DataExport.expires_at <= utcnow(),
        DataExport.status.in_([*IN_PROGRESS, ExportStatus.READY])))
    for export in due:
        final = path(export)
        final.unlink(missing_ok=True)
        _partial(final).unlink(missing_ok=True)
        export.status = ExportStatus.EXPIRED
    db.session.flush()


def open_file(export: DataExport, *, user: User, ip: str | None = None) -> BinaryIO:
    """The ready export's file, opened for sending; a download of one with names is audited.
    Raises FileNotFoundError when the file is gone (deleted since by another process)."""
    handle = path(export).open("rb")
    if export.identified:
        audit.record("export.download", user=user, obj=export, ip=ip, dataset=export.dataset,
                     format=export.format)
    return handle


def run(export_id: int) -> None:
    """The worker's job: write the queued export's file, or record why it could not be."""
    export = db.session.get(DataExport, export_id)
    if export is None or export.status != ExportStatus.QUEUED:
        return  # expired while waiting, or written already
    export.status = ExportStatus.RUNNING
    db.session.commit()
    final = path(export)
    partial = _partial(final)
    try:
        rows = _write(export, partial)
        size = partial.stat().st_size
        partial.replace(final)
    except Exception as error:  # noqa: BLE001 - whatever failed is shown on the export's page
        db.session.rollback()
        partial.unlink(missing_ok=True)
        _finish(export_id, status=ExportStatus.FAILED, error=f"{type(error).__name__}: {error}")
        return
    if not _finish(export_id, status=ExportStatus.READY, rows_written=rows, size_bytes=size):
        final.unlink(missing_ok=True)  # it expired while being written


def _write(export: DataExport, target: Path) -> int:
    dataset = exports.DATASETS[export.dataset]
    with force_locale(export.language):
        header, title = dataset.header(export.identified), str(dataset.title)
    progress = _Progress(export.id)
    rows = exports.rows(dataset, export.round, identified=export.identified)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_xlsx(target, header, progress.count(rows), title=title)
    return progress.rows


class _Progress:
    """Counts the rows going into the file and stores the count every PROGRESS_ROWS, on a
    connection of its own: the job's session is in the middle of reading them."""

    def __init__(self, export_id: int):
        self.export_id, self.rows = export_id, 0

    def count(self, rows):
        for row in rows:
            yield row
            self.rows += 1
            if self.rows % PROGRESS_ROWS == 0:
                with db.engine.begin() as connection:
                    connection.execute(update(DataExport)
                                       .where(DataExport.id == self.export_id)
                                       .values(rows_written=self.rows))


def _finish(export_id: int, **values) -> bool:
    """Store how the job ended, unless the export expired meanwhile (then False)."""
    # A new transaction: SQLite refuses to turn the reading one into a writing one once
    # the progress connection has written since it began.
    db.session.rollback()
    done = db.session.execute(
        update(DataExport)
        .where(DataExport.id == export_id, DataExport.status == ExportStatus.RUNNING)
        .values(finished_at=utcnow(), **values))
    db.session.commit()
    return done.rowcount == 1
