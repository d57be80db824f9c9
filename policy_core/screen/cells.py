"""Cells to facts, a column at a time: an empty cell is unknown, `true`/`false` are booleans.

Text cells (CSV, xlsx, string columns of Parquet) are turned into the fact's kind here;
typed Parquet cells are passed as they are and evaluate() judges them like any input
(strict: a float is not an age). A cell that cannot be read marks its row bad with the
fact's name and what it takes, never the value.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..facts import expected, fact_kind
from .read import ID

_INT_TEXT = r"^[+-]?[0-9]+$"


def reason(name: str) -> tuple[str, str]:
    """Why a cell of `name` was refused, without its value."""
    zh, en = expected(name)
    return f"{name} 应为{zh}", f"{name} must be {en}"


def _known(arr: pa.Array) -> pa.Array:
    """True where the cell holds something: null and empty (or blank) text are unknown."""
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return pc.and_(pc.is_valid(arr), pc.not_equal(pc.utf8_trim_whitespace(arr), "")).fill_null(False)
    return pc.is_valid(arr)


def _from_text(name: str, arr: pa.Array) -> tuple[list, np.ndarray]:
    """Known text cells -> values of the fact's kind, and a mask of those that cannot be."""
    kind = "text" if name == "speaker" else fact_kind(name)
    text = pc.utf8_trim_whitespace(arr)
    if kind == "bool":
        low = pc.utf8_lower(text)
        is_true, is_false = pc.equal(low, "true"), pc.equal(low, "false")
        bad = pc.invert(pc.or_(is_true, is_false))
        return is_true.to_pylist(), bad.to_numpy(zero_copy_only=False)
    if kind == "int":
        ok = pc.match_substring_regex(text, _INT_TEXT)
        bad = pc.invert(ok).to_numpy(zero_copy_only=False)
        # Too many digits for int64 is still a bad cell, not a crash.
        digits = pc.utf8_length(pc.utf8_ltrim(text, "+-0")).to_numpy(zero_copy_only=False)
        bad = bad | (digits > 15)
        values = pc.if_else(pa.array(~bad), text, "0").cast(pa.int64()).to_pylist()
        return values, bad
    return text.to_pylist(), np.zeros(len(arr), dtype=bool)


def _from_typed(name: str, arr: pa.Array) -> tuple[list, np.ndarray]:
    """Typed Parquet cells: whole floats (pandas stores int columns with gaps as floats) become ints."""
    if pa.types.is_floating(arr.type) and fact_kind(name) == "int":
        vals = arr.to_numpy(zero_copy_only=False)
        bad = ~np.isfinite(vals) | (vals != np.floor(vals)) | (np.abs(vals) > 1e15)
        return [int(v) if not b else None for v, b in zip(vals.tolist(), bad.tolist())], bad
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    return arr.to_pylist(), np.zeros(len(arr), dtype=bool)


def rows_of(batch: pa.RecordBatch) -> tuple[list[dict], dict[int, tuple[str, str]]]:
    """The batch's rows as fact dicts (known cells only) and, by index, why a row is bad."""
    n = batch.num_rows
    rows: list[dict] = [{} for _ in range(n)]
    bad: dict[int, tuple[str, str]] = {}
    for name, arr in zip(batch.schema.names, batch.columns):
        if name == ID:
            continue
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        known = _known(arr)
        idx = np.flatnonzero(known.to_numpy(zero_copy_only=False))
        if not len(idx):
            continue
        cells = arr.filter(known)
        textual = pa.types.is_string(cells.type) or pa.types.is_large_string(cells.type)
        values, wrong = (_from_text if textual else _from_typed)(name, cells)
        if wrong.any():
            why = reason(name)
            for i in idx[wrong].tolist():
                bad.setdefault(i, why)
        for i, v in zip(idx.tolist(), values):
            rows[i][name] = v
    return rows, bad


def ids_of(batch: pa.RecordBatch, numbers: np.ndarray) -> pa.Array:
    """The opaque id as text, or the row number where the roster has no id column."""
    if ID in batch.schema.names:
        arr = batch.column(ID)
        return arr.cast(pa.string()) if not pa.types.is_string(arr.type) else arr
    return pa.array(numbers).cast(pa.string())
