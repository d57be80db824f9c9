"""Issue 17, a Rasa process killed mid-turn: the balancer passes the request on to the next
process when the first one died with it. A process killed after it saved the turn (Rasa saves
the tracker at the end of a turn, then writes the reply) had applied it: passed on, the same
words were applied a second time (an answer "是" then answered the next question as well).
Now every attempt carries the balancer's one X-Request-Id, kept as the user event's message_id,
and a process that finds it in the tracker sends the saved reply again (channels/replay.py)."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp import web

from channels import replay
from channels.doors.network import trusted_proxies
from tests.doors.support import RawBackend, in_own_thread
from tests.doors.test_killed_turn import balancer, first_process_sender
from tests.e2e.servers import free_port

REST = "/webhooks/rest/webhook"


# ---------------------------------------------------------------- two processes, one tracker database
class RasaLikeProcessor:
    """What Rasa's MessageProcessor does with a message, without a model: log the user event
    (with the message's id), run the turn (one reply that counts the user events), save the
    tracker at the end. `turns`: how many turns this process ran."""

    def __init__(self, store):
        self.store, self.turns = store, 0

    async def handle_message(self, message):
        from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

        tracker = await self.store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text, {"name": "affirm", "confidence": 1.0},
                                   message_id=message.message_id))
        said = sum(isinstance(e, UserUttered) for e in tracker.events)
        reply = BotUttered(f"已记录第{said}句。下一个问题？", {"buttons": [{"title": "是", "payload": "/affirm"}]})
        for e in (ActionExecuted("action_respond"), reply, ActionExecuted("action_listen")):
            tracker.update(e)
            if isinstance(e, BotUttered):
                await message.output_channel.send_response(message.sender_id, e.message())
        self.turns += 1
        await self.store.save(tracker)


def process(db: Path):
    """One Rasa process: a real Agent on the shared SQLite tracker database, own lock store."""
    from rasa.core.agent import Agent
    from rasa.core.lock_store import InMemoryLockStore
    from rasa.shared.core.domain import Domain
    from trackerstores.lean_sql import LeanSQLTrackerStore

    domain = Domain.empty()
    agent = Agent(domain=domain, tracker_store=LeanSQLTrackerStore(domain=domain, dialect="sqlite", db=str(db)),
                  lock_store=InMemoryLockStore())
    agent.processor = RasaLikeProcessor(agent.tracker_store)
    replay.install(agent)
    return agent


async def send(agent, sender: str, text: str, request_id):
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    replay.REQUEST_ID.set(request_id)
    out = CollectingOutputChannel()
    await agent.handle_message(UserMessage(text, out, sender, input_channel="rest"))
    return [m.get("text") for m in out.messages]


async def user_events(agent, sender):
    from rasa.shared.core.events import UserUttered
    tracker = await agent.tracker_store.retrieve(sender)
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def test_a_turn_saved_before_its_process_died_is_not_applied_again(tmp_path):
    async def scenario():
        db = tmp_path / "tracker.db"
        first, second = process(db), process(db)
        rid = "a" * 32
        # the first process runs the turn and saves it, then dies before writing the reply
        assert await send(first, "c1", "是", rid) == ["已记录第1句。下一个问题？"]
        # the balancer passes the same request on, with the same id
        again = await send(second, "c1", "是", rid)
        assert again == ["已记录第1句。下一个问题？"]               # the saved reply, sent again
        assert second.processor.turns == 0
        assert await user_events(second, "c1") == ["是"]             # applied once
        # the next message is a new turn, as ever
        assert await send(second, "c1", "金山户口", "b" * 32) == ["已记录第2句。下一个问题？"]
        # without the id (before): the passed-on request was applied a second time
        await send(first, "c2", "是", None)
        await send(second, "c2", "是", None)
        assert await user_events(second, "c2") == ["是", "是"]
    in_own_thread(scenario())


def test_the_id_is_believed_only_from_a_trusted_proxy():
    proxies = trusted_proxies("127.0.0.1")
    good = "f" * 32

    def req(ip, value):
        return SimpleNamespace(ip=ip, headers={replay.HEADER: value} if value else {})

    assert replay.request_id(req("127.0.0.1", good), proxies) == good
    assert replay.request_id(req("203.0.113.5", good), proxies) is None          # a client naming an id
    assert replay.request_id(req("127.0.0.1", "short"), proxies) is None
    assert replay.request_id(req("127.0.0.1", "x" * 30 + "\n"), proxies) is None
    assert replay.request_id(req("127.0.0.1", None), proxies) is None
    assert replay.request_id(req("127.0.0.1", good), trusted_proxies("")) is None  # no balancer: no id


# ---------------------------------------------------------------- the balancer: one id per request
class Recorder(RawBackend):
    """A backend that records each request's X-Request-Id; `dies`: drops the first request
    without answering and stops listening (a process killed mid-turn)."""

    def __init__(self, dies: bool):
        self.dies, self.ids = dies, []
        super().__init__()

    def serve(self, conn):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        if not data:                     # the balancer's "still listening?" probe
            conn.close()
            return
        head = data.split(b"\r\n\r\n")[0].decode("latin-1").lower().splitlines()
        self.ids.append(next((h.split(":", 1)[1].strip() for h in head if h.startswith("x-request-id:")), None))
        if self.dies:
            self.sock.close()
            conn.close()
            return
        body = json.dumps([{"recipient_id": "c", "text": "好的"}]).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        conn.close()


async def _through_balancer(dead: Recorder, alive: Recorder) -> tuple:
    lb_port = free_port()
    runner = web.AppRunner(balancer.make_app([f"127.0.0.1:{dead.port}", f"127.0.0.1:{alive.port}"]))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", lb_port).start()
    sender = first_process_sender()
    try:
        async with aiohttp.ClientSession() as s:
            async with s.post(f"http://127.0.0.1:{lb_port}{REST}", data=json.dumps({"sender": sender, "message": "是"}),
                              headers={"X-Request-Id": "client-chosen-id-0000"}) as r:
                return r.status, await r.json(content_type=None)
    finally:
        await runner.cleanup()


def test_the_balancer_sends_one_id_on_every_attempt_and_never_the_clients():
    dead, alive = Recorder(dies=True), Recorder(dies=False)
    status, body = in_own_thread(_through_balancer(dead, alive))
    assert status == 200 and body[0]["text"] == "好的"
    assert len(dead.ids) == 1 and dead.ids == alive.ids                 # passed on with the same id
    assert replay.VALID.fullmatch(dead.ids[0]) and dead.ids[0] != "client-chosen-id-0000"
