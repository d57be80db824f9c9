"""OpenFisca's country template computing two benefits for N people, written to Parquet.

Runs in its own virtual environment (its numpy differs from Rasa's pin), built from the
pinned versions in requirements-openfisca.lock by scripts/openfisca.sh (not by
scripts/setup.sh: CI does not run the benchmark):

    scripts/openfisca.sh
    .venv-openfisca/bin/python benchmarks/openfisca_template.py 1000000 OUT.parquet

Prints one line of JSON: the seconds to build the simulation from the inputs, to compute
basic_income and pension, and to write both with each person's id.
"""
import json
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_country_template import CountryTaxBenefitSystem

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/openfisca_out.parquet"
period = "2026-12"
rng = np.random.default_rng(1)
ages = rng.integers(14, 80, n)
salaries = rng.choice([0, 0, 1500, 3000, 5000], n).astype(float)

t0 = time.perf_counter()
tbs = CountryTaxBenefitSystem()
sim = SimulationBuilder().build_default_simulation(tbs, n)
sim.set_input("age", period, ages)
sim.set_input("salary", period, salaries)
t1 = time.perf_counter()
basic = sim.calculate("basic_income", period)
pension = sim.calculate("pension", period)
t2 = time.perf_counter()
ids = pa.array(np.arange(n)).cast(pa.string())
pq.write_table(pa.table({"id": ids, "basic_income": basic, "pension": pension}), out)
t3 = time.perf_counter()
print(json.dumps({"people": n, "build_s": round(t1 - t0, 3), "compute_s": round(t2 - t1, 3),
                  "write_s": round(t3 - t2, 3), "total_s": round(t3 - t0, 3),
                  "basic_income_paid": int((basic > 0).sum()), "pension_paid": int((pension > 0).sum())}))
