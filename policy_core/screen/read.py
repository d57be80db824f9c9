"""Read a roster (CSV, Parquet or xlsx) as Arrow record batches, in constant memory.

Columns are the facts evaluate() accepts (with `speaker`) and an opaque `id`; any
other column is refused before the run. Every batch comes with the data-row
number (1 = the first row under the header) of each of its rows, so a bad row can
be named without quoting it. CSV and xlsx cells arrive as text (CSV's as bytes, so a
cell that is not UTF-8 is a bad cell, not a stopped run); cells.py turns them into facts.

The row count for the progress bar: Parquet's metadata; CSV's lines, counted before the
run in one pass over the bytes (about a second per GB; blank lines counted too); the xlsx
sheet's stated dimension (Excel writes it; it may count formatted empty rows). The bar's
end is corrected to the rows read.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..facts import FACT_NAMES

ID = "id"
COLUMNS = (ID, "speaker", *FACT_NAMES)
BATCH_ROWS = 20_000          # rows per batch: a few MB in, well under a second of work per core


class RosterError(Exception):
    """The roster as a whole cannot be read: one line in Chinese and one in English."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass
class Roster:
    columns: list[str]
    rows: Optional[int]                                  # rows (or about), when known cheaply up front
    batches: Callable[[], Iterator[tuple[pa.RecordBatch, np.ndarray]]]
    bad_lines: list                                      # (row, zh, en) the reader itself skipped


def check_columns(names: list[str]) -> None:
    """Refuse the roster before the run when a column is not a fact, or twice there."""
    if "as_of" in names:
        raise RosterError("名单中不应有 as_of 列：判断日由 --as-of 给出",
                          "the roster must not have an as_of column: the day is given by --as-of")
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        shown = ", ".join(unknown[:5])
        raise RosterError(f"名单中有未知的列：{shown}（列名应为事实名或 id）",
                          f"unknown column(s) in the roster: {shown} (columns are fact names or id)")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise RosterError(f"名单中的列重复：{', '.join(twice)}", f"duplicate column(s): {', '.join(twice)}")
    if not names:
        raise RosterError("名单没有列", "the roster has no columns")


def open_roster(path: str | Path, batch_rows: int = BATCH_ROWS) -> Roster:
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"找不到名单文件：{path}", f"no such roster file: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            roster = _csv(path, batch_rows)
        elif suffix in (".parquet", ".pq"):
            roster = _parquet(path, batch_rows)
        elif suffix == ".xlsx":
            roster = _xlsx(path, batch_rows)
        else:
            raise RosterError("名单应为 .csv、.parquet 或 .xlsx 文件", "the roster must be a .csv, .parquet or .xlsx file")
    except RosterError:
        raise
    except Exception as e:      # a broken file of any of the three kinds: a clear answer, not a traceback
        raise RosterError(f"无法读取名单（{type(e).__name__}）", f"cannot read the roster ({type(e).__name__})") from None
    check_columns(roster.columns)
    return roster


def _numbered(batches: Iterator[pa.RecordBatch], skipped: Callable[[], set]) -> Iterator:
    """Number each row, stepping over rows the reader dropped (their numbers are in `skipped`)."""
    nxt = 1
    for b in batches:
        gone = skipped()
        if gone:
            out = []
            while len(out) < b.num_rows:
                if nxt not in gone:
                    out.append(nxt)
                nxt += 1
            numbers = np.array(out, dtype=np.int64)
        else:
            numbers = np.arange(nxt, nxt + b.num_rows, dtype=np.int64)
            nxt += b.num_rows
        yield b, numbers


def _lines(path: Path) -> int:
    """Data lines of a CSV (lines less the header; a last line without its newline counted)."""
    count, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return max(0, count + (last != b"\n") - 1)


def _csv(path: Path, batch_rows: int) -> Roster:
    with open(path, "rb") as fh:        # the header alone: a bad byte further down is a bad cell
        first = fh.readline().decode("utf-8-sig")
    header = next(csv.reader([first]), [])
    header = [h.strip() for h in header]
    bad: list = []
    skipped: set = set()

    def invalid(row) -> str:
        # The reader's number counts the header as line 1; data rows count from 1 below it.
        n = (row.number or 0) - 1
        skipped.add(n)
        bad.append((n, f"应有{row.expected_columns}个单元格，实有{row.actual_columns}个",
                    f"expected {row.expected_columns} cells, found {row.actual_columns}"))
        return "skip"

    def batches():
        check_columns(header)
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=False, column_names=header, skip_rows=1,
                                           block_size=1 << 20),
            parse_options=pacsv.ParseOptions(invalid_row_handler=invalid, newlines_in_values=False),
            # Bytes, not text: Arrow would stop the run at a cell that is not UTF-8 (cells.as_text).
            convert_options=pacsv.ConvertOptions(column_types={h: pa.binary() for h in header},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
        yield from _numbered(_rebatch(reader, batch_rows), lambda: skipped)

    return Roster(header, _lines(path), batches, bad)


def _rebatch(batches, batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Batches of about batch_rows rows, whatever size the reader makes."""
    pending, count = [], 0
    for b in batches:
        if b.num_rows:
            pending.append(b)
            count += b.num_rows
        if count >= batch_rows:
            yield from pa.Table.from_batches(pending).combine_chunks().to_batches(max_chunksize=batch_rows)
            pending, count = [], 0
    if pending:
        yield from pa.Table.from_batches(pending).combine_chunks().to_batches(max_chunksize=batch_rows)


def _parquet(path: Path, batch_rows: int) -> Roster:
    pf = pq.ParquetFile(path)
    names = pf.schema_arrow.names

    def batches():
        yield from _numbered(pf.iter_batches(batch_size=batch_rows), set)

    return Roster(list(names), pf.metadata.num_rows, batches, [])


def _cell_text(v) -> Optional[str]:
    """An xlsx cell as the text a CSV would hold: Excel gives numbers as floats, dates as datetimes."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _xlsx(path: Path, batch_rows: int) -> Roster:
    import openpyxl

    def rows():
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            yield from wb.worksheets[0].iter_rows(values_only=True)
        finally:
            wb.close()

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        first = next(ws.iter_rows(values_only=True), ())
        stated = ws.max_row if ws.max_row and ws.max_row > 1 else None    # the sheet's dimension
    finally:
        wb.close()
    header = [str(h).strip() if h is not None else "" for h in first]
    while header and header[-1] == "":
        header.pop()           # trailing empty header cells: Excel's formatting, not columns

    def batches():
        it = rows()
        next(it, None)
        n = len(header)

        def to_batch(chunk):
            cols = list(zip(*chunk)) if chunk else [()] * n
            return pa.record_batch([pa.array(list(c), pa.string()) for c in cols], names=header)

        chunk: list = []
        number, numbers = 0, []
        for row in it:
            number += 1
            cells = [_cell_text(v) for v in row[:n]] + [None] * (n - len(row))
            if all(c is None for c in cells):
                continue       # blank rows Excel keeps after the data
            chunk.append(cells)
            numbers.append(number)
            if len(chunk) >= batch_rows:
                yield to_batch(chunk), np.array(numbers, dtype=np.int64)
                chunk, numbers = [], []
        if chunk:
            yield to_batch(chunk), np.array(numbers, dtype=np.int64)

    return Roster(header, stated - 1 if stated else None, batches, [])
