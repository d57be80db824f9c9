"""Screening a roster (免申即享): every row through evaluate(), a row out per measure.

    python -m policy_core screen ROSTER --as-of DATE --out RESULTS [--set m.p=v] [--report R.html]

read.py reads rosters as Arrow record batches; cells.py turns cells into facts; run.py
screens a batch (screen_batch, also what Dask or Spark map) and drives both cores;
money.py says which sums are fixed; report.py writes the bureau's summary; whatif.py
prices a change of parameters. Needs pyarrow (requirements.lock); imported on demand.
"""
