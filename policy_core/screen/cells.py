"""Cells to facts, a column at a time: an empty cell is unknown, `true`/`false` are booleans.

Text cells (CSV, xlsx, string columns of Parquet) are turned into the fact's kind here, and
checked a whole column at a time against the kinds, enumerations and ranges facts.py
declares, so a row needs no validation of its own (facts.trusted). A typed Parquet column
of a type the fact does not take is passed as it is, and evaluate() judges those rows like
any input (strict: a boolean is not an age). A cell that cannot be read marks its row bad
with the fact's name and what it takes, never the value.

Text cells, the same rule in every format (CSV, xlsx, Parquet text) and on every engine:
surrounding whitespace is ignored (an all-blank cell is unknown); an integer is an optional
`+` or `-`, the ASCII digits 0-9, and optionally a decimal point followed by zeros only
(`+25`, `25.0`: how spreadsheets and pandas write whole numbers), then the fact's range.
Anything else is a bad row, never a stopped run: full-width digits (２５), inner spaces,
exponents (1e3), separators (1,000), fractions (25.5). Each text is checked and converted
by one pattern, so no text passes the check that the conversion then refuses. Bytes that are
not UTF-8 are read as U+FFFD, which no fact takes (a bad row). Typed Parquet numbers follow
the same rule: whole floats and decimals are integers, other floats are bad cells; a nested
column (list, struct, map) holds no fact (every cell in it is a bad cell).
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from itertools import compress, repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..facts import _ISO, enum_values, expected, fact_kind, int_range, trusted_row   # _ISO: the date form facts.py takes
from ..facts import Facts
from .read import ID

_INT_TEXT = r"^[+-]?[0-9]+(\.0+)?$"      # ASCII only: RE2's [0-9] takes no other digits
_INT_DROP = r"^\+|\.0+$"                  # what the conversion drops: a leading +, a zero fraction
FIELDS = tuple(Facts.model_fields)                  # as Facts holds them, as_of and speaker included
_KNOWN = functools.partial(operator.is_not, None)   # v is not None, at C speed



def reason(name: str) -> tuple[str, str]:
    """Why a cell of `name` was refused, without its value."""
    zh, en = expected(name)
    return f"{name} 应为{zh}", f"{name} must be {en}"


def _py(arr: pa.Array) -> list:
    """Array -> Python list, None for null: Array.to_pylist() builds a scalar object per cell,
    numpy's tolist() does not (about 20 times faster on a roster's columns)."""
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return arr.to_numpy(zero_copy_only=False).tolist()
    if arr.null_count == 0:
        return arr.to_numpy(zero_copy_only=False).tolist()
    valid = pc.is_valid(arr).to_numpy(zero_copy_only=False).tolist()
    filler = pa.scalar(False) if pa.types.is_boolean(arr.type) else pa.scalar(0, arr.type)   # overwritten by None
    values = arr.fill_null(filler).to_numpy(zero_copy_only=False).tolist()
    return [v if k else None for v, k in zip(values, valid)]


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


def as_text(arr: pa.Array) -> pa.Array:
    """Binary cells (a CSV read as bytes, Parquet written without the UTF-8 mark) as text; bytes
    that are not UTF-8 become U+FFFD, which no fact takes (the cell is bad, never quoted)."""
    t = arr.type
    if pa.types.is_dictionary(t) and (pa.types.is_binary(t.value_type) or pa.types.is_large_binary(t.value_type)):
        arr = arr.dictionary_decode()
        t = arr.type
    if not (pa.types.is_binary(t) or pa.types.is_large_binary(t)):
        return arr
    try:
        return arr.cast(pa.string())
    except pa.ArrowInvalid:        # not UTF-8 somewhere in the column: only then, value by value
        return pa.array([None if v is None else v.decode("utf-8", "replace") for v in arr.to_pylist()],
                        pa.string())


def _known(arr: pa.Array) -> pa.Array:
    """True where the cell holds something: null and empty (or blank) text are unknown."""
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return pc.and_(pc.is_valid(arr), pc.not_equal(pc.utf8_trim_whitespace(arr), "")).fill_null(False)
    return pc.is_valid(arr)


def _in_range(name: str, values: np.ndarray) -> np.ndarray:
    lo, hi = int_range(name)
    return (values >= lo) & (values <= hi)


def _dates(texts: list) -> tuple[list, np.ndarray]:
    """YYYY-MM-DD texts as dates (each distinct text parsed once); bad where not a real date."""
    seen: dict = {}
    out, bad = [], np.zeros(len(texts), dtype=bool)
    for i, t in enumerate(texts):
        d = seen.get(t, False)
        if d is False:
            d = seen[t] = dt.date.fromisoformat(t) if _ISO.match(t) and _real(t) else None
        out.append(d)
        if d is None:
            bad[i] = True
    return out, bad


def _real(t: str) -> bool:
    try:
        dt.date.fromisoformat(t)
        return True
    except ValueError:        # 2026-02-30
        return False


def _from_text(name: str, arr: pa.Array) -> tuple[list, np.ndarray, bool]:
    """Known text cells -> values of the fact's kind, a mask of those that cannot be, and
    whether the rest are fully checked (kind, enumeration, range)."""
    kind = "enum" if name == "speaker" else fact_kind(name)
    text = pc.utf8_trim_whitespace(arr)
    if kind == "bool":
        low = pc.utf8_lower(text)
        is_true, is_false = pc.equal(low, "true"), pc.equal(low, "false")
        bad = pc.invert(pc.or_(is_true, is_false))
        return _py(is_true), bad.to_numpy(zero_copy_only=False), True
    if kind == "int":
        ok = pc.match_substring_regex(text, _INT_TEXT)
        bad = pc.invert(ok).to_numpy(zero_copy_only=False)
        # What passes is -?[0-9]+ once the + and a zero fraction are dropped: Arrow's cast takes
        # exactly that (it refuses "+25" and "25.0").
        plain = pc.replace_substring_regex(text, _INT_DROP, "")
        # Too many digits for int64 is still a bad cell, not a crash.
        digits = pc.utf8_length(pc.utf8_ltrim(plain, "-0")).to_numpy(zero_copy_only=False)
        bad = bad | (digits > 15)
        ints = pc.if_else(pa.array(~bad), plain, "0").cast(pa.int64())
        bad = bad | ~_in_range(name, ints.to_numpy(zero_copy_only=False))
        return _py(ints), bad, True
    if kind == "date":
        values, bad = _dates(_py(text))
        return values, bad, True
    allowed = enum_values(name)
    bad = pc.invert(pc.is_in(text, value_set=pa.array(allowed))).to_numpy(zero_copy_only=False)
    return _py(text), bad, True


def _from_typed(name: str, arr: pa.Array) -> tuple[list, np.ndarray, bool]:
    """Typed Parquet cells. Whole floats (pandas stores int columns with gaps as floats) and
    whole decimals become ints; a nested cell is bad. Another type the fact does not take is
    left to evaluate() to refuse (not checked here)."""
    kind = "enum" if name == "speaker" else fact_kind(name)
    t = arr.type
    none = np.zeros(len(arr), dtype=bool)
    if pa.types.is_dictionary(t):
        arr = as_text(arr.dictionary_decode())
        t = arr.type
        if _is_text(t):
            return _from_text(name, arr)
    if pa.types.is_nested(t):          # a list, struct or map: no fact is one
        return [None] * len(arr), np.ones(len(arr), dtype=bool), True
    if kind == "int" and pa.types.is_decimal(t):
        try:
            arr, t = arr.cast(pa.float64()), pa.float64()     # then as a float: whole, and in range
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return [None] * len(arr), np.ones(len(arr), dtype=bool), True
    if kind == "int" and pa.types.is_floating(t):
        vals = arr.to_numpy(zero_copy_only=False).astype(np.float64)
        bad = ~np.isfinite(vals) | (vals != np.floor(vals)) | (np.abs(vals) > 1e15)
        bad = bad | ~_in_range(name, np.where(bad, 0, vals))
        return [int(v) if not b else None for v, b in zip(vals.tolist(), bad.tolist())], bad, True
    if kind == "int" and pa.types.is_integer(t):
        return _py(arr), ~_in_range(name, arr.to_numpy(zero_copy_only=False)), True
    if (kind == "bool" and pa.types.is_boolean(t)) or (kind == "date" and pa.types.is_date32(t)):
        return _py(arr), none, True
    return arr.to_pylist(), none, False


def _columns(batch: pa.RecordBatch):
    """Per fact column: the full column of values (None for unknown), the rows it makes bad
    (with why), and whether every value in it is checked."""
    n = batch.num_rows
    for name, arr in zip(batch.schema.names, batch.columns):
        if name == ID:
            continue
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        arr = as_text(arr)
        known = _known(arr)
        idx = np.flatnonzero(known.to_numpy(zero_copy_only=False))
        if not len(idx):
            continue
        cells = arr.filter(known)
        textual = _is_text(cells.type)
        values, wrong, checked = (_from_text if textual else _from_typed)(name, cells)
        if not textual and checked and not wrong.any() and not pa.types.is_floating(arr.type) \
                and not pa.types.is_dictionary(arr.type) and not pa.types.is_decimal(arr.type):
            full = _py(arr)                 # typed and valid: null is exactly unknown
        else:
            full = [None] * n
            for i, v in zip(idx.tolist(), values):
                full[i] = v
        yield name, full, idx[wrong].tolist() if wrong.any() else (), checked, idx


def facts_of(batch: pa.RecordBatch) -> tuple[list, dict[int, tuple[str, str]], set]:
    """The batch's rows as Facts (checked here a column at a time, so built without row-by-row
    validation: facts.trusted_row), or as dicts of their known cells where a column holds a type
    the fact does not take (evaluate() validates those itself); by index, why a row is bad."""
    n = batch.num_rows
    bad: dict[int, tuple[str, str]] = {}
    unchecked: set = set()
    full: dict[str, list] = {}
    for name, values, wrong, checked, idx in _columns(batch):
        full[name] = values
        if wrong:
            why = reason(name)
            for i in wrong:
                bad.setdefault(i, why)
        if not checked:
            unchecked.update(idx.tolist())
    columns = [full.get(name) or repeat(None, n) for name in FIELDS]
    out: list = []
    for i, vals in enumerate(zip(*columns)):
        if i in unchecked:
            out.append({k: v for k, v in zip(FIELDS, vals) if v is not None})
        else:
            out.append(trusted_row(dict(zip(FIELDS, vals)), set(compress(FIELDS, map(_KNOWN, vals)))))
    return out, bad, unchecked


def rows_of(batch: pa.RecordBatch) -> tuple[list[dict], dict[int, tuple[str, str]], set]:
    """The batch's rows as dicts of their known cells (as evaluate() takes them), by index why a
    row is bad, and the rows holding a cell not checked here."""
    n = batch.num_rows
    rows: list[dict] = [{} for _ in range(n)]
    bad: dict[int, tuple[str, str]] = {}
    unchecked: set = set()
    for name, values, wrong, checked, idx in _columns(batch):
        for i in wrong:
            bad.setdefault(i, reason(name))
        if not checked:
            unchecked.update(idx.tolist())
        for i in idx.tolist():
            rows[i][name] = values[i]
    return rows, bad, unchecked


ID_REASON = ("id 应为文本（UTF-8）", "id must be text (UTF-8)")


def ids_of(batch: pa.RecordBatch, numbers: np.ndarray) -> tuple[pa.Array, list]:
    """The opaque id as text, or the row number where the roster has no id column; and the rows
    whose id cannot be text (bytes not UTF-8, a list or struct): bad rows, the id never quoted."""
    if ID not in batch.schema.names:
        return pa.array(numbers).cast(pa.string()), []
    arr = batch.column(ID)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_string(arr.type):
        return arr, []
    try:
        return arr.cast(pa.string()), []
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_binary(arr.type) or pa.types.is_large_binary(arr.type):
        out, bad = [], []
        for i, v in enumerate(arr.to_pylist()):
            try:
                out.append(None if v is None else v.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(None)
                bad.append(i)
        return pa.array(out, pa.string()), bad
    return pa.nulls(len(arr), pa.string()), np.flatnonzero(pc.is_valid(arr).to_numpy(zero_copy_only=False)).tolist()
