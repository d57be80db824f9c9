"""Judge a whole batch a measure at a time: each measure's rule runs once per distinct input.

The rules are not copied here. For each measure, the engine's own `judge()` (the rule in
policy_core/rules and its condition texts in measures.yaml) runs once for every distinct
value of what it reads, and every row with that value gets that result:

- **what a measure reads** is read off its code (reads.facts_read, as the engine's memo does),
  with the situation and side of its audience (computed by the engine's own `situation()` and
  `hides_own_org_facts()`, run once per distinct path through them, see `_peel`);
- **numbers and dates are reduced to the side of each line** the measure can compare them with:
  the lines are the measure's parameters (measures.yaml, nested ones too) and any number written
  in its code (reads.numbers_in), with 0. An integer fact is kept as its position against each
  line (below, on, above); a date as the position of `date + L months` against the day judged
  on, and of the date against `day - L months`, for each line L; two dates a measure reads, as
  the position of one against the other plus L months. Rows equal on all these are judged alike.

Cells are read a column at a time, through each column's distinct values (cells.py checks
them: the same kinds, enumerations and ranges as facts.py), so nothing is built per row.
Results are memoised on the Catalogue (cat.memo), so they never cross from one set of
parameters to another. tests/screen checks every row against evaluate() on 100,000 rows.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..catalogue import Catalogue, Measure
from ..durations import add_months
from ..engine import OWN_ORG_FACTS, hides_own_org_facts, judge, not_in_force
from ..facts import MAX_MONTHS, FactsError, check_dates, enum_values, fact_kind, trusted
from ..reads import facts_read, numbers_in
from ..rules.jobs import situation
from . import cells
from .read import ID

_MEMO_LIMIT = 400_000          # per measure: distinct reduced inputs -> result (bounded memory)
_DATE_READS = tuple(sorted(facts_read(check_dates)))
_REGISTRIES: dict = {}
_SITUATIONS_MAX = 1 << 12      # distinct situations (day, status, job): a few dozen in practice


class _Lines:
    """Per measure, the lines its rule has been seen to compare each integer fact with, and the
    facts it was seen to use otherwise (those are kept whole)."""

    def __init__(self):
        self.seen: dict[str, set] = {}
        self.exact: set = set()

    def learn(self, used: list) -> bool:
        grew = False
        for name, other in used:
            if other is _EXACT:
                if name not in self.exact:
                    self.exact.add(name)
                    grew = True
            elif other not in self.seen.setdefault(name, set()):
                self.seen[name].add(other)
                grew = True
        return grew


_EXACT = object()


def _compare(op):
    def f(self, other):
        if type(other) in (int, float):
            self._used.append((self._name, other))
        else:                          # another fact, or anything else: this value counts whole
            self._used.append((self._name, _EXACT))
            if isinstance(other, _Watched):
                other._used.append((other._name, _EXACT))
        return op(self._v, other._v if isinstance(other, _Watched) else other)
    return f


def _whole(name):
    base = getattr(int, name)

    def f(self, *args):
        self._used.append((self._name, _EXACT))
        return base(self._v, *(a._v if isinstance(a, _Watched) else a for a in args))
    return f


class _Watched(int):
    """An integer fact that records what the rule does with it: a comparison with a number
    (the line), or any other use (then its exact value counts). If a rule compares a fact only
    with lines L, rows on the same side of every line in L run the same way (by induction over
    the run), so they get the same result."""

    def __new__(cls, value: int, name: str, used: list):
        self = int.__new__(cls, value)
        self._v, self._name, self._used = value, name, used
        return self

    __lt__ = _compare(int.__lt__)
    __le__ = _compare(int.__le__)
    __gt__ = _compare(int.__gt__)
    __ge__ = _compare(int.__ge__)
    __eq__ = _compare(int.__eq__)
    __ne__ = _compare(int.__ne__)


for _name in ("__hash__", "__bool__", "__index__", "__int__", "__float__", "__str__", "__repr__", "__format__",
              "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__", "__rtruediv__",
              "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__divmod__", "__rdivmod__", "__pow__",
              "__rpow__", "__neg__", "__pos__", "__abs__", "__invert__", "__and__", "__rand__", "__or__", "__ror__",
              "__xor__", "__rxor__", "__lshift__", "__rlshift__", "__rshift__", "__rrshift__", "__round__",
              "__trunc__", "__floor__", "__ceil__", "__bytes__", "to_bytes", "bit_length", "conjugate",
              "as_integer_ratio", "__reduce__", "__reduce_ex__", "__getnewargs__", "__sizeof__"):
    if hasattr(int, _name):
        setattr(_Watched, _name, _whole(_name))


def _kind(name: str) -> str:
    return "enum" if name == "speaker" else fact_kind(name)


def _fixed(name: str) -> Optional[dict]:
    """Booleans and enumerations: a code per value, the same in every batch (0: unknown)."""
    kind = _kind(name)
    if kind == "bool":
        return {False: 1, True: 2}
    if kind == "enum":
        return {v: i + 1 for i, v in enumerate(enum_values(name))}
    return None


class Column:
    """One fact's cells: codes (0 unknown, c > 0 the value values[c]) and the rows they make bad."""
    __slots__ = ("name", "kind", "codes", "values", "bad", "unchecked", "_luts")

    def __init__(self, name: str, arr):
        self.name, self.kind, self._luts = name, _kind(name), {}
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if pa.types.is_nested(arr.type):        # a list, struct or map: no fact is one, every cell is bad
            self.codes = np.zeros(len(arr), dtype=np.int32)
            self.values, self.unchecked = [None], None
            wrong = np.flatnonzero(pc.is_valid(arr).to_numpy(zero_copy_only=False))
            self.bad = wrong if len(wrong) else None
            return
        enc = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
        entries = cells.as_text(enc.dictionary)
        idx = enc.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int32) + 1
        known = cells._known(entries).to_numpy(zero_copy_only=False)
        values: list = [None] * (len(entries) + 1)
        wrong = np.zeros(len(entries) + 1, dtype=bool)
        checked = True
        pos = np.flatnonzero(known)
        if len(pos):
            given = entries.filter(pa.array(known))
            textual = cells._is_text(given.type)
            vals, bad, checked = (cells._from_text if textual else cells._from_typed)(self.name, given)
            for p, v in zip(pos.tolist(), vals):
                values[p + 1] = v
            if len(bad) and np.any(bad):
                at = pos[np.asarray(bad, dtype=bool)] + 1
                wrong[at] = True
                for p in at.tolist():
                    values[p] = None          # its rows are bad rows: never judged
        keep = np.zeros(len(entries) + 1, dtype=np.int32)
        keep[pos + 1] = pos + 1                      # unknown (null, blank) entries -> code 0
        self.codes = keep[idx]
        self.values = values
        self.bad = np.flatnonzero(wrong[idx]) if wrong.any() else None
        self.unchecked = None if checked else np.flatnonzero(self.codes)

    def lut(self, key, code_of: Callable) -> np.ndarray:
        """codes -> code_of(value) (0 for unknown), once per distinct value."""
        t = self._luts.get(key)
        if t is None and self.unchecked is not None:     # its rows with a cell go to evaluate()
            t = self._luts[key] = np.zeros(len(self.values), dtype=np.int32)
        if t is None:
            t = self._luts[key] = np.array([0] + [0 if v is None else code_of(v) for v in self.values[1:]],
                                            dtype=np.int32)
        return t


def _cmp(a, b) -> int:
    return (a > b) - (a < b)


class Batch:
    """A record batch's fact columns, checked; rows bad by a cell, or to be judged by evaluate()."""

    def __init__(self, batch: pa.RecordBatch):
        self.n = batch.num_rows
        self.cols: dict[str, Column] = {}
        self.bad: dict[int, tuple[str, str]] = {}
        unchecked: set = set()
        for name, arr in zip(batch.schema.names, batch.columns):
            if name == ID:
                continue
            c = Column(name, arr)
            if c.bad is not None:
                why = cells.reason(name)
                for i in c.bad.tolist():
                    self.bad.setdefault(i, why)
            if c.unchecked is not None:
                unchecked.update(c.unchecked.tolist())
            if c.codes.any():
                self.cols[name] = c
        self.unchecked = unchecked

    def value(self, name: str, row: int):
        c = self.cols.get(name)
        return None if c is None else c.values[c.codes[row]]

    def known(self, row: int, names, hidden: bool = False) -> dict:
        out = {}
        for n in names:
            if hidden and n in OWN_ORG_FACTS:
                continue
            v = self.value(n, row)
            if v is not None:
                out[n] = v
        return out

    def facts_dict(self, row: int) -> dict:
        return self.known(row, self.cols)


class _Reader:
    """Stands for one row's facts: attribute reads give its values and are recorded."""
    __slots__ = ("_b", "_row", "_hidden", "_reads")

    def __init__(self, b: Batch, row: int, hidden: bool):
        self._b, self._row, self._hidden, self._reads = b, row, hidden, []

    def __getattr__(self, name):
        if self._hidden and name in OWN_ORG_FACTS:
            return None
        self._reads.append(name)
        return self._b.value(name, self._row)


class Screener:
    """The measures of one Catalogue, judged a batch at a time; memos live on the catalogue."""

    def __init__(self, cat: Catalogue, day: dt.date):
        self.cat, self.day = cat, day
        self.memo = cat.memo.setdefault("screen", {})
        self.lines = {m.id: self._lines(m) for m in cat.measures}
        every = sorted(set().union(*self.lines.values()))
        self.all_lines = tuple(every)
        self.reads = {m.id: tuple(sorted(facts_read(m.rule))) for m in cat.measures}
        self.in_force = cat.start <= day <= cat.end
        self.results: list = []              # every distinct result judged, by code
        self._codes: dict[int, int] = {}

    @staticmethod
    def _lines(m: Measure) -> tuple:
        found = {0}

        def walk(v):
            if isinstance(v, dict):
                for x in v.values():
                    walk(x)
            elif isinstance(v, int) and not isinstance(v, bool):
                found.add(v)
        walk(m.params)
        found |= {v for v in numbers_in(m.rule) if isinstance(v, int) and not isinstance(v, bool)}
        return tuple(sorted(found))

    # --- a fact reduced to the side of each line ---

    @staticmethod
    def _registry(key) -> dict:
        # Names for signatures (sides of given lines): the same for every catalogue, since a
        # batch's columns keep them for all (results are memoised per catalogue, never here).
        return _REGISTRIES.setdefault(key, {})

    def classes(self, b: Batch, name: str, lines: tuple) -> Optional[np.ndarray]:
        c = b.cols.get(name)
        if c is None:
            return None
        fixed = _fixed(name)
        if fixed is not None:
            return c.lut("fixed", fixed.__getitem__)[c.codes]
        if c.kind == "int":
            reg = self._registry(("int", lines))

            def code(v):
                sig = tuple(_cmp(v, t) for t in lines)
                return reg.setdefault(sig, len(reg) + 1)
            return c.lut(("int", lines), code)[c.codes]
        if c.kind == "date":
            reg = self._registry(("date", lines, self.day))
            sigs = self._registry(("date-sig", lines, self.day))
            day = self.day

            def code(v):
                sig = sigs.get(v)
                if sig is None:
                    sig = sigs[v] = tuple(_cmp(add_months(v, L), day) for L in lines) + \
                        tuple(_cmp(v, add_months(day, -L)) for L in lines)
                return reg.setdefault(sig, len(reg) + 1)
            return c.lut(("date", lines, day), code)[c.codes]
        return c.codes             # a column not checked here: its rows go to evaluate()

    def pair(self, b: Batch, a: str, z: str, lines: tuple) -> Optional[np.ndarray]:
        """Two dates: where a falls against z + L months, for each line L."""
        ca, cz = b.cols.get(a), b.cols.get(z)
        if ca is None or cz is None or ca.kind != "date" or cz.kind != "date":
            return None
        both = (ca.codes > 0) & (cz.codes > 0)
        out = np.zeros(b.n, dtype=np.int32)
        if not both.any():
            return out
        key = ca.codes[both].astype(np.int64) * (len(cz.values) + 1) + cz.codes[both]
        uniq, inv = np.unique(key, return_inverse=True)
        reg = self._registry(("pair", lines))
        codes = []
        for k in uniq.tolist():
            va, vz = ca.values[k // (len(cz.values) + 1)], cz.values[k % (len(cz.values) + 1)]
            sig = tuple(_cmp(va, add_months(vz, L)) for L in lines)
            codes.append(reg.setdefault(sig, len(reg) + 1))
        out[both] = np.asarray(codes, dtype=np.int32)[inv.reshape(-1)]
        return out

    # --- the engine's own functions, once per path through them ---

    def _peel(self, b: Batch, fn: Callable, rows: np.ndarray, hidden: bool) -> tuple[np.ndarray, list]:
        """fn(facts) for every row in `rows`: run on one row, recording the facts it reads; every
        row equal to it on those facts (as reduced against every line) gets the same answer."""
        out = np.zeros(len(rows), dtype=np.int32)
        answers: list = []
        todo = np.arange(len(rows))
        ident: dict = {}
        while len(todo):
            r = int(rows[todo[0]])
            reader = _Reader(b, r, hidden)
            answers.append(fn(reader))
            same = np.ones(len(todo), dtype=bool)
            for name in dict.fromkeys(reader._reads):
                col = ident.get(name)
                if col is None and name in b.cols:
                    col = ident[name] = self.classes(b, name, self.all_lines)
                if col is not None:
                    at = col[rows[todo]]
                    same &= at == col[r]
            out[todo[same]] = len(answers) - 1
            todo = todo[~same]
        return out, answers

    def _situations(self, answers: list) -> np.ndarray:
        reg = self.memo.setdefault("situations", {})
        objs = self.memo.setdefault("situation-objects", [None])
        codes = []
        for s in answers:
            c = reg.get(s)
            if c is None:
                c = reg[s] = len(objs)
                objs.append(s)
            codes.append(c)
        return np.asarray(codes, dtype=np.int32)

    # --- the batch ---

    def _int_classes(self, b: Batch, m: Measure, name: str) -> tuple[Optional[np.ndarray], int]:
        """An integer fact as its side of each line the measure's rule has been seen to compare it
        with (see _Lines); every value apart once the rule was seen to use it otherwise."""
        c = b.cols.get(name)
        lines = self.int_lines(m)
        if name in lines.exact:
            return (None if c is None else c.lut(("exact",), lambda v: v + 1)[c.codes]), MAX_MONTHS + 2
        t = tuple(sorted(lines.seen.get(name, ())))
        if c is None:
            return None, 2 * len(t) + 2
        reg = self._registry(("int", t))

        def code(v):
            return reg.setdefault(tuple(_cmp(v, x) for x in t), len(reg) + 1)
        return c.lut(("int", t), code)[c.codes], 2 * len(t) + 2

    def int_lines(self, m: Measure) -> "_Lines":
        return self.memo.setdefault(("int-lines", m.id), _Lines())

    def _keys(self, b: Batch, m: Measure, rows: np.ndarray, side: np.ndarray, hidden: np.ndarray):
        """The reduced input of measure m for each row, as columns with their largest code + 1."""
        person = m.audience == "person"
        lines = self.lines[m.id]
        keys = [(side, _SITUATIONS_MAX)]
        hide = person and hidden.any()
        none = np.zeros(len(rows), dtype=np.int32)
        # Every fact read has its place in the key, given or not: keys of all batches line up.
        for name in self.reads[m.id]:
            kind = _kind(name)
            if kind == "int":
                col, radix = self._int_classes(b, m, name)
            elif kind == "date":
                col, radix = self.classes(b, name, lines), 4 * len(lines) + 2
            else:
                col, radix = self.classes(b, name, lines), len(_fixed(name)) + 1
            if col is None:
                keys.append((none, radix))
                continue
            col = col[rows]
            if hide and name in OWN_ORG_FACTS:
                col = np.where(hidden, 0, col)
            keys.append((col, radix))
        dates = [x for x in self.reads[m.id] if _kind(x) == "date"]
        for a in dates:
            for z in dates:
                if a != z:
                    col = self.pair(b, a, z, lines)
                    keys.append((none if col is None else col[rows], 3 ** len(lines) + 1))
        return keys

    def judge(self, b: Batch, rows: np.ndarray) -> np.ndarray:
        """Result codes (into self.results) for `rows`, one column per measure."""
        n = len(rows)
        measures = self.cat.measures
        out = np.empty((n, len(measures)), dtype=np.int32)
        if not self.in_force:
            for j, m in enumerate(measures):
                out[:, j] = self.code(not_in_force(self.cat, m))
            return out
        if not n:
            return out
        day = self.day
        hid_code, hid_ans = self._peel(b, hides_own_org_facts, rows, False)
        hidden = np.asarray(hid_ans, dtype=bool)[hid_code]
        s_code, s_ans = self._peel(b, lambda f: situation(f, day), rows, False)
        sit = self._situations(s_ans)[s_code]
        person_sit = sit.copy()
        hrows = np.flatnonzero(hidden)
        if len(hrows):
            hs_code, hs_ans = self._peel(b, lambda f: situation(f, day), rows[hrows], True)
            person_sit[hrows] = self._situations(hs_ans)[hs_code]
        for j, m in enumerate(measures):
            side = person_sit if m.audience == "person" else sit
            for _ in range(100):        # again only when the rule was seen to compare with a new line
                codes = self._judge_measure(b, m, rows, side, hidden)
                if codes is not None:
                    out[:, j] = codes
                    break
            else:
                raise RuntimeError(f"{m.id}: the lines it compares with did not settle")
        return out

    def _judge_measure(self, b: Batch, m: Measure, rows, side, hidden) -> Optional[np.ndarray]:
        keys = self._keys(b, m, rows, side, hidden)
        n = len(rows)
        span = 1
        for _, radix in keys:
            span *= radix
        if span >= 1 << 62:        # too many to number: numbered within the batch, memo by tuple
            return self._judge_by_tuple(b, m, rows, side, hidden, [k for k, _ in keys])
        g = np.zeros(n, dtype=np.int64)
        for col, radix in keys:
            g = g * radix + col
        uniq, first, inv = np.unique(g, return_index=True, return_inverse=True)
        vm = self.memo.setdefault(("sorted", m.id), [np.zeros(0, np.int64), np.zeros(0, np.int32)])
        mk, mc = vm
        pos = np.searchsorted(mk, uniq)
        hit = pos < len(mk)
        hit[hit] = mk[pos[hit]] == uniq[hit]
        res = np.empty(len(uniq), dtype=np.int32)
        res[hit] = mc[pos[hit]]
        miss = np.flatnonzero(~hit)
        lines = self.int_lines(m)
        grew = False
        for u in miss.tolist():
            r = int(first[u])
            code, new = self._run(b, m, int(rows[r]), bool(hidden[r]) and m.audience == "person",
                                  int(side[r]), lines)
            grew |= new
            res[u] = code
        if grew:                     # classes too coarse: forget this measure's memo, judge again
            self.memo[("sorted", m.id)] = [np.zeros(0, np.int64), np.zeros(0, np.int32)]
            return None
        if len(miss):
            if len(mk) + len(miss) > _MEMO_LIMIT:
                mk, mc = np.zeros(0, np.int64), np.zeros(0, np.int32)
            allk = np.concatenate([mk, uniq[miss]])
            order = np.argsort(allk, kind="stable")
            vm[0], vm[1] = allk[order], np.concatenate([mc, res[miss]])[order]
        return res[inv.reshape(-1)]

    def _judge_by_tuple(self, b, m, rows, side, hidden, cols) -> Optional[np.ndarray]:
        first, inv = _groups(cols, len(rows))
        memo = self.memo.setdefault(("tuples", m.id), {})
        lines = self.int_lines(m)
        codes, grew = [], False
        for r, key in zip(first.tolist(), zip(*(k[first].tolist() for k in cols))):
            c = memo.get(key)
            if c is None:
                c, new = self._run(b, m, int(rows[r]), bool(hidden[r]) and m.audience == "person", int(side[r]), lines)
                grew |= new
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
                memo[key] = c
            codes.append(c)
        if grew:
            memo.clear()
            return None
        return np.asarray(codes, dtype=np.int32)[inv]

    def _run(self, b: Batch, m: Measure, row: int, hidden: bool, side: int, lines: "_Lines") -> tuple[int, bool]:
        """The engine's judge() on one row, its integer facts watched: returns the result's code and
        whether the rule compared one of them with a line not yet known (or used it otherwise)."""
        values = b.known(row, self.reads[m.id], hidden=hidden)
        seen: list = []
        for name, v in values.items():
            if type(v) is int:
                values[name] = _Watched(v, name, seen)
        r = judge(self.cat, m, trusted(values), self.memo["situation-objects"][side])
        return self.code(r), lines.learn(seen)

    def code(self, r) -> int:
        c = self._codes.get(id(r))
        if c is None:
            c = self._codes[id(r)] = len(self.results)
            self.results.append(r)          # held, so no id is reused
        return c

    def date_errors(self, b: Batch, rows: np.ndarray) -> dict[int, tuple[str, str]]:
        """check_dates (as evaluate() runs it) once per distinct pair of the dates it reads."""
        cols = [b.cols[x].codes[rows] for x in _DATE_READS if x in b.cols]
        if not cols or not len(rows):
            return {}
        first, inv = _groups(cols, len(rows))
        bad = {}
        for u, r in enumerate(first.tolist()):
            row = int(rows[r])
            try:
                check_dates(trusted(b.known(row, _DATE_READS)), self.day)
            except FactsError as e:
                bad[u] = cells.reason(e.fact) if e.fact else (e.zh, e.en)
        if not bad:
            return {}
        out = {}
        for i in np.flatnonzero(np.isin(inv, list(bad))).tolist():
            out[int(rows[i])] = bad[int(inv[i])]
        return out


def _groups(cols: list, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows grouped on equal values in every column: the first row of each group, and each
    row's group."""
    key = np.zeros(n, dtype=np.int64)
    span = 1
    for c in cols:
        k = int(c.max()) + 1 if n else 1
        if span * k >= 1 << 62:
            key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)
            span = int(key.max()) + 1
        key = key * k + c
        span *= k
    _, first, inv = np.unique(key, return_index=True, return_inverse=True)
    return first, inv.reshape(-1)
