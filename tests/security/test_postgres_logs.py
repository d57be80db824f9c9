"""PostgreSQL as the fleet and deploy/ run it logs no failing statement: psycopg2 sends the
values inside the SQL text, so an error on an INSERT into `events` would put what a person said
into the server's log (PostgreSQL's default log_min_error_statement is `error`)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
import yaml

from tests.e2e.servers import ROOT

from .conftest import engine_on

NAME = "东方美玲"


def failing_insert(engine, setting: str | None = None) -> None:
    with engine.connect() as c:
        if setting:
            c.exec_driver_sql(f"SET log_min_error_statement = {setting}")
        with pytest.raises(sa.exc.DataError):
            # varchar(10) overflows: an error on a statement that carries a name
            c.execute(sa.text("INSERT INTO t (v) VALUES (:v)"), {"v": f"我叫{NAME}，今年43岁" * 3})


@pytest.mark.e2e
def test_failing_statement_not_in_the_log(postgres):
    engine = engine_on(postgres)
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (v varchar(10))")
    failing_insert(engine)
    assert NAME not in postgres.log.read_text(errors="replace")
    failing_insert(engine, "error")                  # PostgreSQL's default: the name is logged
    assert NAME in postgres.log.read_text(errors="replace")
    engine.dispose()


def test_the_deployed_postgres_has_the_same_setting():
    docs = list(yaml.safe_load_all((ROOT / "deploy" / "10-postgres.yaml").read_text()))
    pod = next(d for d in docs if d and d["kind"] == "StatefulSet")["spec"]["template"]["spec"]
    assert pod["containers"][0]["args"] == ["-c", "log_min_error_statement=panic"]
