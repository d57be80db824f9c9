"""Screen a roster: every row through evaluate(), a row out per measure, on both cores.

`screen_batch` is the whole unit of work: an Arrow record batch in, an Arrow record
batch of results out (and the bad rows by number). It holds no state between calls,
so the local driver below, Dask or Spark can map it over batches alike.
"""
from __future__ import annotations

import collections
import datetime as dt
import multiprocessing as mp
import os
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..catalogue import Catalogue, catalogue, catalogue_with
from ..engine import evaluate
from ..facts import FactsError
from . import money
from .cells import ID_REASON, ids_of, reason
from .fast import Batch, Screener
from .read import Roster, open_roster

_STR = pa.dictionary(pa.int32(), pa.string())
SCHEMA = pa.schema([
    ("id", _STR), ("measure", _STR), ("status", _STR), ("yuan", pa.int64()), ("per", pa.string()),
    ("max_total_yuan", pa.int64()), ("missing_facts", _STR), ("steps", _STR),
])
SEP = "|"    # between several missing facts or steps in one cell (no condition text holds it)


def cells(r) -> tuple:
    """One result as the output's columns after `id`.

    steps: the steps still to take (not done or not known), except where the measure is
    out of reach anyway (ineligible)."""
    steps = "" if r.status == "ineligible" else SEP.join(
        c.text for c in r.conditions if c.step and c.met is not True)
    a = r.amount
    return (r.id, r.status, a.yuan, a.per, a.max_total_yuan, SEP.join(r.missing_facts), steps)


@lru_cache(maxsize=4)
def rules(overrides: tuple = ()) -> Catalogue:
    return catalogue_with(list(overrides)) if overrides else catalogue()


def _screener(cat: Catalogue, day: dt.date) -> Screener:
    key = ("screener", day)
    sc = cat.memo.get(key)
    if sc is None:
        sc = cat.memo[key] = Screener(cat, day)
    return sc


class BatchFailed(Exception):
    """screen_batch failed for a reason other than a bad cell (a bad cell is a bad row). Only the
    kind of the error travels, never its message: an Arrow or Python message may quote a cell,
    and this one ends up in a worker's log (Dask, Spark, Ray) or on the terminal."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind

    def __str__(self) -> str:
        return f"screening a batch failed ({self.kind}); no cell is quoted"


def screen_batch(batch: pa.RecordBatch, numbers: Optional[np.ndarray], day: dt.date,
                 overrides: tuple = (), compare: bool = False):
    """Results for one batch, and its bad rows as (row number, zh, en).

    Every row's results are evaluate()'s: each measure is judged once per distinct input it
    reads (fast.py); rows holding a cell of a type the fact does not take go through
    evaluate() itself, which refuses them.
    compare: also judge each row by the rules as written and return, third, how many
    results went from what (measure, status, sum) to what under `overrides`.
    Anything else going wrong raises BatchFailed, which carries the error's kind only."""
    try:
        return _screen_batch(batch, numbers, day, overrides, compare)
    except Exception as e:
        # The frames stay (code lines, no values); the message and its chain do not.
        raise BatchFailed(type(e).__name__).with_traceback(e.__traceback__) from None


def _screen_batch(batch, numbers, day, overrides, compare):
    cat = rules(tuple(overrides))
    base = rules(()) if compare else None
    n = batch.num_rows
    if numbers is None:
        numbers = np.arange(1, n + 1, dtype=np.int64)
    b = Batch(batch)
    bad = b.bad
    ids, bad_ids = ids_of(batch, numbers)
    for i in bad_ids:
        bad.setdefault(i, ID_REASON)
    ok = np.ones(n, dtype=bool)
    ok[list(bad)] = False
    fallback = [i for i in sorted(b.unchecked) if i not in bad]
    ok[fallback] = False
    rows = np.flatnonzero(ok)
    errors = _screener(cat, day).date_errors(b, rows)
    if errors:
        bad.update(errors)
        rows = rows[~np.isin(rows, list(errors))]
    sc = _screener(cat, day)
    n_measures = len(cat.measures)
    codes = np.empty((n, n_measures), dtype=np.int32)
    codes[rows] = sc.judge(b, rows)
    if base is not None:
        # Each catalogue numbers its own results: the base's codes are shifted past the change's.
        bs = _screener(base, day)
        was = np.empty((n, n_measures), dtype=np.int32)
        was[rows] = bs.judge(b, rows)
    judged = [rows]
    for i in fallback:               # a cell of a type the fact does not take: evaluate() judges it
        try:
            results = evaluate(b.facts_dict(i), as_of=day, cat=cat).results
            if base is not None:
                was[i] = [bs.code(r) for r in evaluate(b.facts_dict(i), as_of=day, cat=base).results]
        except FactsError as e:
            bad[i] = reason(e.fact) if e.fact else (e.zh, e.en)
            continue
        codes[i] = [sc.code(r) for r in results]
        judged.append(np.array([i]))
    keep = np.sort(np.concatenate(judged)) if len(judged) > 1 else rows
    out_codes = codes[keep].reshape(-1)
    moves: collections.Counter = collections.Counter()
    if base is not None:
        width = len(sc.results)
        pair = was[keep].reshape(-1).astype(np.int64) * width + out_codes
        uniq, counts = np.unique(pair, return_counts=True)
        for k, c in zip(uniq.tolist(), counts.tolist()):
            w, now = bs.results[k // width], sc.results[k % width]
            moves[(now.id, w.status, money.of(w), now.status, money.of(now))] += c
    out = _results_batch(ids, keep, out_codes, sc.results, n_measures)
    bad_rows = [(int(numbers[i]), zh, en) for i, (zh, en) in sorted(bad.items())]
    return (out, bad_rows, moves) if compare else (out, bad_rows)


PLAIN = pa.schema([pa.field(f.name, pa.string() if f.type == _STR else f.type) for f in SCHEMA])


def plain(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Results with the text columns decoded (SCHEMA without dictionaries: PLAIN), for engines
    and writers that take plain columns (CSV, Spark's mapInArrow)."""
    return pa.record_batch([c.dictionary_decode() if pa.types.is_dictionary(c.type) else c
                            for c in batch.columns], schema=PLAIN)


def screen_table(table: pa.Table, day: dt.date, overrides: tuple = ()) -> pa.Table:
    """Every record batch of `table` screened (an engine's block may hold several chunks), as
    one plain table (PLAIN): what Ray's map_batches(batch_format="pyarrow") takes and returns.
    Bad rows are left out of the results (numbered within the block; see screen_batch)."""
    parts = [plain(screen_batch(b, None, day, overrides)[0]) for b in table.to_batches() if b.num_rows]
    return pa.Table.from_batches(parts, schema=PLAIN)


def _results_batch(ids, keep, out_codes, results, n_measures) -> pa.RecordBatch:
    """The output rows: each distinct result's cells built once, then taken by code
    (the text columns dictionary-encoded)."""
    used, codes = np.unique(out_codes, return_inverse=True)
    table = [results[i] for i in used.tolist()]
    codes = codes.reshape(-1).astype(np.int32)
    codes_arr = pa.array(codes)
    # The id repeats for each of a person's 22 rows: an index into the batch's ids, not 22 copies
    # of the text (pickled back from the worker, hashed again by the Parquet writer).
    at = np.repeat(keep, n_measures).astype(np.int32)
    if ids.null_count:      # the Parquet writer takes no null in a dictionary: a null index instead
        missing = ~pc.is_valid(ids).to_numpy(zero_copy_only=False)[at]
        index, ids = pa.array(at, mask=missing), ids.fill_null("")
    else:
        index = pa.array(at)
    ids = pa.DictionaryArray.from_arrays(index, ids)
    cols = list(zip(*(cells(r) for r in table))) if table else [()] * 7

    def dictionary(values):
        # Distinct values only: the Parquet writer takes a dictionary with repeats as plain text
        # and hashes every row again (about 10 times slower).
        first: dict = {}
        remap = np.array([first.setdefault(v, len(first)) for v in values], dtype=np.int32)
        return pa.DictionaryArray.from_arrays(pa.array(remap[codes]), pa.array(list(first), pa.string()))

    def ints(values):
        return pa.array(list(values), pa.int64()).take(codes_arr)

    return pa.record_batch([
        ids, dictionary(cols[0]), dictionary(cols[1]), ints(cols[2]),
        pa.array(list(cols[3]), pa.string()).take(codes_arr),     # may be null: no dictionary
        ints(cols[4]), dictionary(cols[5]), dictionary(cols[6]),
    ], schema=SCHEMA)


def _work(args):
    # CPU seconds spent here are returned too: on a shared machine they say what the wall clock cannot.
    t = time.process_time()
    batch, numbers, day, overrides, compare = args
    result = screen_batch(batch, numbers, day, overrides, compare)
    return batch.num_rows, result, time.process_time() - t


@dataclass
class Outcome:
    rows: int = 0                                  # rows read
    screened: int = 0                              # rows judged (read less bad)
    worker_cpu: float = 0.0                        # CPU seconds in screen_batch, all workers
    main_cpu: float = 0.0                          # CPU seconds here: reading, writing
    bad: list = field(default_factory=list)       # (row number, zh, en), every one
    out: Optional[Path] = None


class _Writer:
    """Parquet, or CSV when the name ends in .csv; written beside and renamed when done."""

    def __init__(self, out: Path):
        self.out, self.tmp = out, out.with_name(f".{out.name}.part")
        self.csv = out.suffix.lower() == ".csv"
        self.w = pacsv.CSVWriter(str(self.tmp), PLAIN) if self.csv else \
            pq.ParquetWriter(str(self.tmp), SCHEMA, compression="zstd", write_statistics=False)

    def write(self, batch: pa.RecordBatch) -> None:
        self.w.write_batch(plain(batch) if self.csv else batch)

    def close(self, ok: bool) -> None:
        self.w.close()
        if ok:
            os.replace(self.tmp, self.out)
        else:
            self.tmp.unlink(missing_ok=True)


def screen(roster: str | Path | Roster, out: str | Path, day: dt.date, overrides: tuple = (),
           workers: Optional[int] = None, progress: bool = True,
           on_bad: Optional[Callable] = None, on_rows: Optional[Callable] = None, whatif=None) -> Outcome:
    """Screen `roster` into `out`. Bad rows are collected (and passed to `on_bad` as they come);
    the run goes on. `workers`: processes (default: the machine's cores; 1 runs here).
    `whatif`: a whatif.Tally that takes each batch's moves against the rules as written."""
    from .cli import refuse_repeats
    refuse_repeats(overrides)                   # the same parameter twice: refused, not one of them
    rules(tuple(overrides))                     # a wrong parameter is refused before the run
    if not isinstance(roster, Roster):
        roster = open_roster(roster)
    out = Path(out)
    workers = workers or os.cpu_count() or 1
    outcome = Outcome(out=out)
    bar = _bar(roster.rows, progress)
    writer = _Writer(out)
    ok = False
    cpu0 = time.process_time()

    def done(n, result, cpu):
        outcome.worker_cpu += cpu
        batch, bad = result[:2]
        if whatif is not None:
            whatif.add(result[2])
        writer.write(batch)
        outcome.rows += n
        outcome.screened += n - len(bad)
        _bad(bad)
        bar.update(n)
        if on_rows:
            on_rows(outcome.rows)

    def _bad(bad):
        outcome.bad.extend(bad)
        for b in bad:
            if on_bad:
                on_bad(*b)

    compare = whatif is not None and bool(overrides)
    tasks = ((b, nums, day, tuple(overrides), compare) for b, nums in roster.batches())
    try:
        if workers == 1:
            for t in tasks:
                done(*_work(t))
        else:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload([__name__])
            with ctx.Pool(workers) as pool:
                pending: collections.deque = collections.deque()
                for t in tasks:
                    pending.append(pool.apply_async(_work, (t,)))
                    # A few batches in flight: both cores busy, memory bounded by the window.
                    while len(pending) > 2 * workers:
                        done(*pending.popleft().get())
                while pending:
                    done(*pending.popleft().get())
        _bad(roster.bad_lines)
        outcome.bad.sort()
        ok = True
        outcome.main_cpu = time.process_time() - cpu0 - (outcome.worker_cpu if workers == 1 else 0)
    finally:
        writer.close(ok)
        if ok and bar.total != bar.n:        # the count up front was about (CSV lines, xlsx dimension)
            bar.total = bar.n
            bar.refresh()
        bar.close()
    return outcome


class _NoBar:
    n = total = 0

    def update(self, n):
        pass

    def refresh(self):
        pass

    def close(self):
        pass


def _bar(total, progress: bool):
    if not progress:
        return _NoBar()
    from tqdm import tqdm
    return tqdm(total=total, unit="行", unit_scale=True, desc="筛查 screening", file=sys.stderr,
                mininterval=0.5)
