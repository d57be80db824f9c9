"""Run the model's graph for a message without dask's scheduler.

Rasa 3.6's DaskGraphRunner works out the minimal graph for the targets and hands it to
`dask.get`, which orders and schedules the tasks, on every message: under load that was about
a tenth of a Rasa process's time (py-spy: `dask.order` alone 7 %), more than DIET's inference
took. Our graphs are small and run in one thread anyway, so the same tasks are evaluated
here in dependency order, each once, with the minimal graph built once per set of targets.
tests/test_fast_graph.py compares the results with dask's. Loaded with the channels
(channels/__init__.py), so `rasa run` uses it; training keeps Rasa's runner.
"""
from __future__ import annotations

from typing import Any, Dict, Hashable, List, Optional, Text

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

ORIGINAL = DaskGraphRunner.run


def run_tasks(graph: Dict[Hashable, Any], targets: List[Hashable]) -> list:
    """dask.get for graphs of tasks `(callable, key or literal, …)` and literal values."""
    done: Dict[Hashable, Any] = {}

    def value(key: Hashable) -> Any:
        if key in done:
            return done[key]
        task = graph[key]
        if isinstance(task, tuple) and task and callable(task[0]):
            args = [value(a) if isinstance(a, Hashable) and a in graph else a for a in task[1:]]
            out = task[0](*args)
        else:
            out = task            # a literal (Rasa's inputs are `(name, value)` tuples)
        done[key] = out
        return out

    return [value(t) for t in targets]


def run(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
        targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    run_targets = targets if targets else self._graph_schema.target_names
    built = self.__dict__.setdefault("_graphs_by_targets", {})
    key = tuple(run_targets)
    if key not in built:
        built[key] = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
    run_graph = dict(built[key])
    if inputs:
        self._add_inputs_to_graph(inputs, run_graph)
    try:
        return dict(run_tasks(run_graph, run_targets))
    except RuntimeError as e:           # as Rasa's runner does
        raise GraphRunError("Error running runner.") from e


DaskGraphRunner.run = run
