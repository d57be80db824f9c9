"""Agent desk accounts: one per agent, in a file the operator edits.

The file (`AGENT_ACCOUNTS_FILE`, default RUN_DIR/agent_accounts.txt, RUN_DIR being logs/ by default) has one line per agent:

    # name  salted token hash
    wang.li  sha256$<salt hex>$<hash hex>

A line removed is an agent who can no longer log in; the server re-reads the file when it
changes (no restart). Tokens are made by the command below (32 random bytes): with that much
chance in them a salted SHA-256 is enough (a slow hash guards guessable passwords; these are
not), and it keeps checking a token against every line cheap.

Besides the file: the local default `local-agent-token` is the account `local` on a loopback
server only; an `AGENT_TOKEN` of the operator's own is one shared account `AGENT_TOKEN` (older
deployments; the audit then cannot tell its agents apart).

    python -m channels.doors.accounts add NAME      # prints the new token once
    python -m channels.doors.accounts remove NAME
    python -m channels.doors.accounts list
    python -m channels.doors.accounts audit [--conversation ID] [--db PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import re
import secrets
import sys
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
NAME = re.compile(r"^[\w.@-]{1,64}$")
DEFAULT_TOKEN = "local-agent-token"      # loopback development only


def accounts_path() -> Path:
    return Path(os.environ.get("AGENT_ACCOUNTS_FILE") or run_dir() / "agent_accounts.txt")


def run_dir() -> Path:
    """scripts/run.sh's RUN_DIR (default logs/), where the server's own files are."""
    d = Path(os.environ.get("RUN_DIR") or "logs")
    return d if d.is_absolute() else ROOT / d


def token_hash(token: str, salt: Optional[str] = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256(bytes.fromhex(salt) + token.encode("utf-8")).hexdigest()
    return f"sha256${salt}${digest}"


def matches(token: str, stored: str) -> bool:
    try:
        scheme, salt, _ = stored.split("$")
        bytes.fromhex(salt)
    except ValueError:
        return False
    return scheme == "sha256" and hmac.compare_digest(token_hash(token, salt), stored)


def read_accounts(path: Path) -> dict[str, str]:
    """name -> stored hash; lines that are not `name hash` are skipped (a typo locks out one agent, not all)."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2 and NAME.match(parts[0]):
            out[parts[0]] = parts[1]
    return out


class Accounts:
    """Who a token belongs to: the file's agents, plus the local and shared accounts (module text)."""

    def __init__(self, path: Optional[Path] = None, shared_token: Optional[str] = None, loopback: bool = True):
        self.path = Path(path or accounts_path())
        self.shared_token = shared_token if shared_token and shared_token != DEFAULT_TOKEN else None
        self.local = loopback
        self._stamp: Optional[tuple] = None
        self._accounts: dict[str, str] = {}

    def _current(self) -> dict[str, str]:
        try:
            st = self.path.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._accounts, self._stamp = read_accounts(self.path), stamp
        return self._accounts

    def who(self, token: str) -> Optional[str]:
        if not token:
            return None
        found = None
        for name, stored in self._current().items():     # every line checked: no timing hint of which
            if matches(token, stored) and found is None:
                found = name
        if found:
            return found
        if self.shared_token and hmac.compare_digest(token.encode(), self.shared_token.encode()):
            return "AGENT_TOKEN"
        if self.local and hmac.compare_digest(token.encode(), DEFAULT_TOKEN.encode()):
            return "local"
        return None

    def names(self) -> list[str]:
        return sorted(self._current())


# ---------------------------------------------------------------- the operator's command
def _write(path: Path, accounts: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# One per line: name and salted token hash (channels/doors/accounts.py)\n" + \
           "".join(f"{n} {h}\n" for n, h in accounts.items())
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def add(name: str, path: Optional[Path] = None) -> str:
    """A new account (or a new token for an existing one); its token."""
    if not NAME.match(name):
        raise ValueError("账号名只能包含字母、数字、汉字、. @ _ -（至多64个）")
    path = Path(path or accounts_path())
    accounts = read_accounts(path)
    token = secrets.token_urlsafe(32)
    accounts[name] = token_hash(token)
    _write(path, accounts)
    return token


def remove(name: str, path: Optional[Path] = None) -> bool:
    path = Path(path or accounts_path())
    accounts = read_accounts(path)
    if accounts.pop(name, None) is None:
        return False
    _write(path, accounts)
    return True


def file_commands(prog: str, description: str, file_help: str, who: str):
    """The add / remove / list commands on a file of this shape (agent accounts, kiosk keys):
    the parser and its subcommands, for a command to add its own."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    p.add_argument("--file", type=Path, help=file_help)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("add").add_argument(who)
    sub.add_parser("remove").add_argument(who)
    sub.add_parser("list")
    return p, sub


def add_and_show(name: str, path: Path, shown: str) -> int:
    """`add`, its new secret printed once under `shown`; the command's exit status."""
    try:
        secret = add(name, path)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    print(shown)
    print(secret)
    return 0


def main(argv=None) -> int:
    p, sub = file_commands("python -m channels.doors.accounts", "Agent desk accounts",
                           "accounts file (default: $AGENT_ACCOUNTS_FILE or RUN_DIR/agent_accounts.txt)", "name")
    a = sub.add_parser("audit")
    a.add_argument("--conversation")
    a.add_argument("--db", help="doors store (default: $DOORS_DB or RUN_DIR/doors.db)")
    args = p.parse_args(argv)
    path = args.file or accounts_path()
    if args.cmd == "add":
        return add_and_show(args.name, path,
                            f"坐席 {args.name} 的令牌（只显示这一次，请交给本人）/ token for {args.name} (shown once):")
    if args.cmd == "remove":
        if not remove(args.name, path):
            print(f"没有这个坐席账号：{args.name}", file=sys.stderr)
            return 1
        return 0
    if args.cmd == "list":
        for name in sorted(read_accounts(path)):
            print(name)
        return 0
    import datetime as dt
    from .store import DoorStore, engine_for
    if args.db:
        os.environ["DOORS_DB"] = args.db
    for r in DoorStore(engine_for(None)).audit_records(args.conversation):
        when = dt.datetime.fromtimestamp(r["at"], dt.timezone.utc).isoformat(timespec="seconds")
        print(f"{when}\t{r['agent']}\t{r['conversation']}\t{r['action']}\t{','.join(r['facts'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
