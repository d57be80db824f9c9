"""channels/guard.py: the local default tokens only on loopback (issue 9); off loopback every
secret strong and REST_TOKEN, ALLOWED_HOSTS set (issue 17: tests/security/test_guard_secrets.py)."""
import pytest

from channels import guard

RASA = "/srv/.venv/bin/rasa"
STRONG = {"REST_TOKEN": "r" * 32, "ALLOWED_HOSTS": "assistant.example.com"}


@pytest.mark.parametrize("argv", [
    [RASA, "run", "--enable-api", "--auth-token", "local-dev-token", "-i", "0.0.0.0"],
    [RASA, "run", "--enable-api", "--auth-token", "local-dev-token"],          # Rasa's default: 0.0.0.0
    [RASA, "run", "--enable-api", "-i", "10.1.2.3"],                           # no token at all
    [RASA, "run", "--enable-api", "--auth-token=local-dev-token", "--interface=::"],
])
def test_api_default_token_off_loopback_refused(argv):
    with pytest.raises(guard.UnsafeDefault, match="RASA_AUTH_TOKEN"):
        guard.check(argv=argv)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::"])
def test_agent_default_token_off_loopback_refused(host):
    with pytest.raises(guard.UnsafeDefault, match="AGENT_TOKEN"):
        guard.check(agent_token="local-agent-token", argv=[RASA, "run", "-i", host])


@pytest.mark.parametrize("argv,agent", [
    ([RASA, "run", "--enable-api", "--auth-token", "local-dev-token", "-i", "127.0.0.1"], "local-agent-token"),
    ([RASA, "run", "--enable-api", "--auth-token", "local-dev-token", "-i", "::1"], "local-agent-token"),
    ([RASA, "run", "--enable-api", "--auth-token", "local-dev-token", "-i", "localhost"], None),
    ([RASA, "run", "--enable-api", "--auth-token", "s" * 32, "-i", "0.0.0.0"], "a" * 32),
    ([RASA, "run", "-i", "0.0.0.0"], None),                                    # no API, no agent desk
    ([RASA, "run", "actions"], "local-agent-token"),                           # not the Rasa server
    (["pytest", "tests"], "local-agent-token"),                                # in-process use
])
def test_allowed(argv, agent):
    guard.check(agent_token=agent, argv=argv, env=STRONG)


def test_loopback():
    assert guard.is_loopback("127.0.0.1") and guard.is_loopback("127.8.0.1") and guard.is_loopback("::1")
    assert not guard.is_loopback("0.0.0.0") and not guard.is_loopback("::") and not guard.is_loopback("example.org")
