"""channels/fast_graph.py gives what Rasa's dask runner gives."""
from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

import dask
import pytest

from channels import fast_graph

ROOT = Path(__file__).resolve().parents[1]
calls: list[str] = []


def node(name):
    def f(*inputs):
        calls.append(name)
        return (name, [i[1] if isinstance(i, tuple) else i for i in inputs])
    return f


GRAPH = {"a": (node("a"), "__message__"), "b": (node("b"), "a"), "c": (node("c"), "a", "b", "__tracker__"),
         "__message__": ("__message__", "你好")}


def test_same_results_as_dask_each_task_once_and_missing_inputs_passed_as_names():
    calls.clear()
    ours = fast_graph.run_tasks(dict(GRAPH), ["c", "b"])
    assert sorted(calls) == ["a", "b", "c"]
    assert tuple(ours) == dask.get(dict(GRAPH), ["c", "b"])
    assert ours[0][1][2] == "__tracker__"          # no such input: dask passes the name too


def test_an_error_in_a_node_comes_out_as_raised():
    def boom(*_):
        raise ValueError("x")
    with pytest.raises(ValueError):
        fast_graph.run_tasks({"a": (boom,)}, ["a"])


@pytest.mark.model
def test_the_models_parse_is_the_same_with_either_runner():
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from rasa.engine.runner.dask import DaskGraphRunner

    agent = Agent.load(str(ROOT / "models" / "current.tar.gz"))
    texts = ["你好", "我26岁，金山户口，失业10个月了", "不是", "如果我是硕士呢", "政策有效期到什么时候", "來電人說他今年37歲"]

    def parse_all():
        async def go():
            return [await agent.processor.parse_message(UserMessage(t)) for t in texts]
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, go()).result()

    assert DaskGraphRunner.run is fast_graph.run
    ours = parse_all()
    DaskGraphRunner.run = fast_graph.ORIGINAL
    try:
        theirs = parse_all()
    finally:
        DaskGraphRunner.run = fast_graph.run
    for a, b in zip(ours, theirs):
        for k in ("message_id",):
            a.pop(k, None), b.pop(k, None)
        assert a == b
