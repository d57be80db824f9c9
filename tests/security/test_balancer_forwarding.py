"""scripts/balancer.py is run.sh's public face with several Rasa processes: it passes on the
client's Host (the processes check it) and one client address, which a client cannot choose."""
from __future__ import annotations

import importlib.util

from tests.e2e.servers import ROOT

spec = importlib.util.spec_from_file_location("balancer", ROOT / "scripts" / "balancer.py")
balancer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(balancer)


def test_a_direct_client_cannot_name_another_address():
    proxies = balancer.trusted("127.0.0.1")
    # Before: the balancer appended the peer to the client's own header, and the processes,
    # trusting the balancer, took the client's made-up address (a new one per request: no limit).
    assert balancer.client_of("203.0.113.5", "198.51.100.1", proxies) == "203.0.113.5"
    assert balancer.client_of("203.0.113.5", None, proxies) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_address_it_saw():
    proxies = balancer.trusted("127.0.0.1, 10.0.0.0/8")
    assert balancer.client_of("127.0.0.1", "203.0.113.9", proxies) == "203.0.113.9"
    assert balancer.client_of("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.1.1.1", proxies) == "203.0.113.9"
    assert balancer.client_of("127.0.0.1", "not-an-ip", proxies) == "127.0.0.1"
    assert balancer.client_of("127.0.0.1", None, proxies) == "127.0.0.1"
    assert balancer.client_of("203.0.113.5", "1.2.3.4", balancer.trusted("")) == "203.0.113.5"
