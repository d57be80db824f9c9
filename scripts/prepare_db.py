"""Make the SQLite tracker database ready for several Rasa processes (scripts/run.sh).

Creates Rasa's tables once, before the processes start (two processes creating them at the
same moment would race), and turns on WAL journaling (kept in the file), so readers never
wait for a writer. The file stays owner-only (run.sh creates it with umask 077).
"""
import os
import sqlite3
import sys
import warnings

warnings.simplefilter("ignore")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

path = sys.argv[1]
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
con = sqlite3.connect(path, timeout=30)
con.execute("PRAGMA journal_mode=WAL")
has = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'").fetchone()
con.close()
if not has:
    from rasa.core.tracker_store import SQLTrackerStore

    SQLTrackerStore(dialect="sqlite", db=path)
