"""`python -m policy_core evaluate` as a program (contract: "Result", last paragraph).

Good input → the evaluation as JSON on stdout, 22 results in the contract's order.
Bad input → exit status 2, nothing on stdout, ONE line on stderr in Chinese and
English, never a traceback.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .test_cases import MEASURE_IDS

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[A-Za-z]{3,}")
GOOD = {"as_of": "2026-11-27", "age": 26, "hukou": "jinshan", "employment_status": "unemployed",
        "unemployed_since": "2026-01-10", "hard_to_employ_certified": False}


def run(*args: str, stdin: bytes | str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "policy_core", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120, env=full_env)


def _check_good(p: subprocess.CompletedProcess) -> dict:
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    out = json.loads(p.stdout.decode("utf-8"))
    assert out["policy"] == "金就办〔2023〕1号"
    assert out["as_of"] == "2026-11-27"
    assert out["in_force"] is True
    assert len(out["results"]) == 22
    assert [r["id"] for r in out["results"]] == MEASURE_IDS
    for r in out["results"]:
        assert r["status"] in {"eligible", "conditional", "ineligible", "undetermined"}
        assert r["audience"] in {"person", "organisation"}
        assert set(r["amount"]) >= {"yuan", "per", "max_months", "max_total_yuan"}
    assert "next_fact" in out
    return out


def test_good_input_on_stdin():
    out = _check_good(run("evaluate", "-", stdin=json.dumps(GOOD)))
    flex = next(r for r in out["results"] if r["id"] == "flexible_employment_youth")
    assert flex["status"] == "conditional"
    assert flex["amount"]["yuan"] == 1000 and flex["amount"]["max_total_yuan"] == 12000


def test_good_input_from_file(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    out = _check_good(run("evaluate", str(path)))
    stdin_out = json.loads(run("evaluate", "-", stdin=json.dumps(GOOD)).stdout)
    assert out == stdin_out


def test_empty_object_is_good_input():
    out = _check_good(run("evaluate", "-", stdin='{"as_of": "2026-11-27"}'))
    assert out["next_fact"] == "hukou"


def test_explain_prints_chinese_with_yuan():
    p = run("evaluate", "-", "--explain", stdin=json.dumps(GOOD))
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    text = p.stdout.decode("utf-8")
    assert CJK.search(text) and "元" in text
    assert "1000元/月" in text
    assert "Traceback" not in text and not text.lstrip().startswith("{")


BAD = {
    "unknown fact": ("stdin", '{"age": 26, "salary": 5000}'),
    "age as the string 26": ("stdin", '{"age": "26"}'),
    "age as true": ("stdin", '{"age": true}'),
    "age -3": ("stdin", '{"age": -3}'),
    "age 121": ("stdin", '{"age": 121}'),
    "age 26.5": ("stdin", '{"age": 26.5}'),
    "hukou mars": ("stdin", '{"hukou": "mars"}'),
    "months 601": ("stdin", '{"unemployment_months": 601}'),
    "contract months -1": ("stdin", '{"contract_months": -1}'),
    "bad date 2026-02-30": ("stdin", '{"graduation_date": "2026-02-30"}'),
    "as_of 20261127": ("stdin", '{"as_of": 20261127}'),
    "as_of with a time": ("stdin", '{"as_of": "2026-11-27T10:00:00"}'),
    "flag as 1": ("stdin", '{"rural_hukou": 1}'),
    "flag as yes": ("stdin", '{"rural_hukou": "yes"}'),
    "certificate level6": ("stdin", '{"certificate_level": "level6"}'),
    "a JSON array": ("stdin", '[{"age": 26}]'),
    "a JSON string": ("stdin", '"age 26"'),
    "JSON null": ("stdin", "null"),
    "not JSON": ("stdin", "age=26, hukou=jinshan"),
    "empty input": ("stdin", ""),
    "missing file": ("args", ["evaluate", "/nonexistent/facts.json"]),
    "a directory": ("args", ["evaluate", "/"]),
    "no arguments": ("args", []),
    "evaluate without a file": ("args", ["evaluate"]),
    "unknown command": ("args", ["judge", "-"]),
}


def _check_bad(p: subprocess.CompletedProcess) -> None:
    err = p.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert p.returncode == 2, (p.returncode, err)
    assert p.stdout == b""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), err
    assert CJK.search(err), f"no Chinese in {err!r}"
    assert ENGLISH.search(err), f"no English in {err!r}"


@pytest.mark.parametrize("how,data", list(BAD.values()), ids=list(BAD))
def test_bad_input(how, data):
    if how == "stdin":
        p = run("evaluate", "-", stdin=data)
    else:
        p = run(*data, stdin=b"")
    _check_bad(p)


def test_bad_input_names_the_fact():
    p = run("evaluate", "-", stdin='{"age": 26, "salary": 5000}')
    assert "salary" in p.stderr.decode("utf-8")
    p = run("evaluate", "-", stdin='{"hukou": "mars"}')
    assert "hukou" in p.stderr.decode("utf-8")


def test_file_not_utf8(tmp_path):
    path = tmp_path / "facts.json"
    path.write_bytes('{"hukou": "金山"}'.encode("gbk"))
    _check_bad(run("evaluate", str(path)))


def test_stdin_not_utf8():
    p = run("evaluate", "-", stdin='{"hukou": "金山"}'.encode("gbk"), env={"PYTHONIOENCODING": "utf-8"})
    _check_bad(p)


def test_huge_number_is_bad_input():
    _check_bad(run("evaluate", "-", stdin='{"age": 1' + "0" * 5000 + "}"))


def test_deeply_nested_json_is_bad_input():
    _check_bad(run("evaluate", "-", stdin="[" * 100000 + "]" * 100000))


def test_someone_in_flexible_work_is_asked_when_it_began():
    """Months of flexible work are not months of unemployment; with the start of the spell
    known, the day the flexible work began settles it (Clarifications 2026-12-06)."""
    facts = {"as_of": "2026-11-27", "age": 27, "hukou": "jinshan", "hard_to_employ_certified": False,
             "employment_status": "flexible", "unemployed_since": "2025-12-01",
             "flexible_employment_registered": True, "social_insurance_months": 5}
    out = _check_good(run("evaluate", "-", stdin=json.dumps(facts)))
    flex = next(r for r in out["results"] if r["id"] == "flexible_employment_youth")
    assert flex["status"] == "undetermined"
    assert flex["missing_facts"] == ["flexible_since"]
    p = run("evaluate", "-", "--explain", stdin=json.dumps(facts))
    assert "· 灵活就业补贴（一（二））：还需确认开始灵活就业的日期" in p.stdout.decode("utf-8").splitlines()


def test_focus_on_the_command_line_asks_first_about_the_measures_named():
    facts = json.dumps({"as_of": "2026-11-27", "hukou": "jinshan"})
    assert _check_good(run("evaluate", "-", stdin=facts))["next_fact"] == "age"
    assert _check_good(run("evaluate", "-", "--focus", "talent_return", stdin=facts))["next_fact"] == "education"
    _check_bad(run("evaluate", "-", "--focus", "no_such_measure", stdin=facts))
