"""The fast tier (-m "not e2e and not model and not slow") leaves out what starts processes or
servers of its own (the security checks, the fleet), screens 100000 rows or starts a Dask cluster:
every tier still runs in scripts/test.sh."""
from __future__ import annotations

import pytest

_SLOW_DIRS = ("tests/security/", "tests/fleet/", "tests/lockstores_local/")
_SLOW_TESTS = ("tests/screen/test_dask.py", "tests/screen/test_screen.py::test_every_row_equals_evaluate_on_100000",
               "tests/doors/test_agent_accounts.py::test_the_command", "tests/test_rasa_data.py::test_rasa_data_validate")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(_SLOW_DIRS) or item.nodeid.startswith(_SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
