"""Rosters made from the seeded generator (synthetic.py), for tests and benchmarks.

Typed columns (bool, int64, date32, text) for Parquet; the same rows as text for CSV and
xlsx, as a bureau's export would hold them (true/false, empty cell for unknown).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..facts import fact_kind
from ..synthetic import AS_OF, Generator
from .read import COLUMNS, ID

_TYPES = {"bool": pa.bool_(), "int": pa.int64(), "date": pa.date32()}


def arrow_type(name: str) -> pa.DataType:
    if name == ID or name == "speaker":
        return pa.string()
    return _TYPES.get(fact_kind(name), pa.string())


SCHEMA = pa.schema([(n, arrow_type(n)) for n in COLUMNS])


def batch_of(rows: list[dict], ids: list[str]) -> pa.RecordBatch:
    """Generator dicts (as evaluate() takes them) as one typed record batch; as_of is dropped."""
    cols = []
    for f in SCHEMA:
        if f.name == ID:
            cols.append(pa.array(ids, pa.string()))
            continue
        vals = [r.get(f.name) for r in rows]
        if f.type == pa.date32():
            vals = [None if v is None else dt.date.fromisoformat(v) for v in vals]
        cols.append(pa.array(vals, f.type))
    return pa.record_batch(cols, schema=SCHEMA)


def generated(n: int, seed: int = 1, as_of: dt.date = AS_OF, batch_rows: int = 50_000,
              distinct: bool = False) -> Iterator[tuple[pa.RecordBatch, list[dict]]]:
    """n generated rows in batches, with the dicts they were made from.

    distinct: no two rows the same (a repeat is drawn again), so no memo of whole rows helps."""
    g = Generator(seed=seed, as_of=as_of)
    seen: set = set()
    made = 0
    while made < n:
        rows = []
        while len(rows) < min(batch_rows, n - made):
            r = g.facts()
            r.pop("as_of", None)
            if distinct:
                key = frozenset(r.items())
                if key in seen:
                    continue
                seen.add(key)
            rows.append(r)
        ids = [f"P{made + i + 1:07d}" for i in range(len(rows))]
        made += len(rows)
        yield batch_of(rows, ids), rows


def as_text(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The same cells as text: true/false, integers, YYYY-MM-DD, and "" for unknown."""
    cols = []
    for arr in batch.columns:
        if pa.types.is_boolean(arr.type):
            vals = ["" if v is None else ("true" if v else "false") for v in arr.to_pylist()]
            cols.append(pa.array(vals, pa.string()))
        else:
            cols.append(arr.cast(pa.string()).fill_null(""))
    return pa.record_batch(cols, names=batch.schema.names)


def write(path: str | Path, batches: Iterable[pa.RecordBatch]) -> Path:
    """Parquet (typed), CSV or xlsx (text), by the name's ending."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet()
        header = False
        for b in batches:
            t = as_text(b)
            if not header:
                ws.append(t.schema.names)
                header = True
            for row in zip(*(c.to_pylist() for c in t.columns)):
                ws.append([v if v != "" else None for v in row])
        wb.save(path)
        return path
    writer = None
    try:
        for b in batches:
            if suffix == ".csv":
                b = as_text(b)
                writer = writer or pacsv.CSVWriter(str(path), b.schema)
            else:
                writer = writer or pq.ParquetWriter(str(path), b.schema)
            writer.write_batch(b)
    finally:
        if writer is not None:
            writer.close()
    return path
