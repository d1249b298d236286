"""A task's context: kept as bytes, packed an edition at a time, sent to
a render worker, dropped once rendered (render/task.py)."""

import pickle

from hypothesis import given
from hypothesis import strategies as st

from newsgen.render.task import Task, packed

CONTEXTS = st.lists(
    st.dictionaries(st.text(max_size=5), st.one_of(st.text(), st.integers(), st.none()), max_size=5), max_size=6
)


def tasks_of(contexts: list[dict]) -> list[Task]:
    tasks = [
        Task(output=f"{i}/index.html", template="page.html", payload=c, source="s") for i, c in enumerate(contexts)
    ]
    return tasks + [Task(output="static/a.css", template="", payload="/theme/a.css", source="/theme/a.css")]


@given(CONTEXTS)
def test_packed_tasks_have_their_own_contexts_and_go_to_a_worker_whole(contexts):
    tasks = tasks_of(contexts)
    together = packed(tasks)
    assert [t.context() for t in together[:-1]] == contexts
    assert together[-1] == tasks[-1]  # a copied file keeps its source
    sent = pickle.loads(pickle.dumps(together))
    assert [t.context() for t in sent[:-1]] == contexts
    assert all(isinstance(t.payload, bytes) for t in sent[:-1])


@given(CONTEXTS)
def test_a_task_without_its_context_keeps_all_else(contexts):
    for task in packed(tasks_of(contexts)):
        light = task.without_context()
        assert (light.output, light.template, light.source, light.shared, light.lists, light.key) == (
            task.output,
            task.template,
            task.source,
            task.shared,
            task.lists,
            task.key,
        )
        assert light.payload is None if task.template else light.payload == task.payload
