"""Where the server listens and who is calling.

`served_on_loopback`: the address clients reach this server on, as channels/guard.py reads it
(RASA_PUBLIC_HOST, else `rasa run -i`; an in-process channel, as in unit tests, counts as loopback).

`client_address`: the peer's address; `X-Forwarded-For` is believed only when the peer is one
of the proxies the operator listed in `DOORS_TRUSTED_PROXIES` (addresses or networks, comma- or
space-separated): anyone else could write any address there and so escape every per-address
limit. Behind a trusted proxy the address is the rightmost one not itself a trusted proxy.
"""
from __future__ import annotations

import ipaddress
import os
import re
from typing import Optional, Sequence

from channels import guard


def served_on_loopback(argv: Optional[Sequence[str]] = None) -> bool:
    # guard.exposed reads RASA_PUBLIC_HOST first: behind run.sh's balancer each process listens on
    # 127.0.0.1 while the balancer may face the network
    return not guard.exposed(argv)


def trusted_proxies(text: Optional[str] = None) -> list:
    text = os.environ.get("DOORS_TRUSTED_PROXIES", "") if text is None else text
    nets = []
    for part in re.split(r"[\s,]+", text.strip()):
        if part:
            nets.append(ipaddress.ip_network(part, strict=False))    # a typo stops the server: no silent trust
    return nets


def _ip(text: str):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(addr, proxies) -> bool:
    return addr is not None and any(addr in net for net in proxies)


def client_address(peer: str, forwarded_for: Optional[str], proxies) -> str:
    """The caller's address (see the module's text)."""
    addr = _ip(peer or "")
    if not _trusted(addr, proxies) or not forwarded_for:
        return str(addr) if addr is not None else (peer or "")
    for hop in reversed(forwarded_for.split(",")):
        hop_ip = _ip(hop)
        if hop_ip is None:
            return str(addr)                 # garbage in the chain: stop at the last address we trust
        if not _trusted(hop_ip, proxies):
            return str(hop_ip)
        addr = hop_ip
    return str(addr)


def request_address(request, proxies) -> str:
    return client_address(request.ip or "", request.headers.get("X-Forwarded-For"), proxies)


def is_loopback_address(addr: str) -> bool:
    ip = _ip(addr)
    return ip is not None and ip.is_loopback
