"""Kiosk terminal keys: only a provisioned terminal may open kiosk sessions.

The operator provisions each terminal (`KIOSK_KEYS_FILE`, default RUN_DIR/kiosk_keys.txt: one
line per terminal, its name and the key's salted hash, as the agent accounts file; followed
without a restart) and opens `/kiosk/#key=<key>` once on it; the page keeps the key and sends
it as `X-Kiosk-Key` when it opens a session. `KIOSK_KEYS` (comma- or space-separated) adds keys
from the environment. On a loopback server with none configured, none is needed (as before);
off loopback with none configured, one key is generated once and kept (keys.py, `KIOSK_KEY`).

Only opening a session needs the key: every later call names a server-issued session id no one
else can guess (the QR code, an <img>, could not send a header anyway).

    python -m channels.doors.kiosk_keys add TERMINAL     # prints the key once
    python -m channels.doors.kiosk_keys remove TERMINAL
    python -m channels.doors.kiosk_keys list
"""
from __future__ import annotations

import hmac
import os
import re
import sys
from pathlib import Path
from typing import Optional

from . import accounts



def keys_path() -> Path:
    return Path(os.environ.get("KIOSK_KEYS_FILE") or accounts.run_dir() / "kiosk_keys.txt")


class KioskKeys:
    def __init__(self, path: Optional[Path] = None, env_keys: str = "", generated: Optional[str] = None):
        self.file = accounts.Accounts(path or keys_path(), loopback=False)
        self.plain = [k for k in re.split(r"[\s,]+", env_keys or "") if k] + ([generated] if generated else [])

    def required(self) -> bool:
        return bool(self.plain or self.file.names())

    def terminal(self, key: str) -> Optional[str]:
        """The terminal a key belongs to, or None."""
        if not key or len(key) > 256:
            return None
        name = self.file.who(key)
        if name:
            return name
        for k in self.plain:
            if hmac.compare_digest(key.encode(), k.encode()):
                return "KIOSK_KEYS"
        return None

    def refusal(self, key: Optional[str]) -> Optional[tuple[int, str, str]]:
        """None when a session may be opened; else (status, zh, en)."""
        if not self.required():
            return None
        if not key:
            return 401, "本终端尚未登记（缺少终端密钥）", "kiosk key required"
        if self.terminal(key) is None:
            return 403, "终端密钥不正确", "wrong kiosk key"
        return None


def main(argv=None) -> int:
    p, _ = accounts.file_commands("python -m channels.doors.kiosk_keys", "Kiosk terminal keys",
                                  "keys file (default: $KIOSK_KEYS_FILE or RUN_DIR/kiosk_keys.txt)", "terminal")
    args = p.parse_args(argv)
    path = args.file or keys_path()
    if args.cmd == "add":
        return accounts.add_and_show(args.terminal, path, f"终端 {args.terminal} 的密钥（只显示这一次）："
                                     "在该终端上打开 /kiosk/#key=<密钥> 一次 / key (shown once):")
    if args.cmd == "remove":
        return 0 if accounts.remove(args.terminal, path) else 1
    for name in sorted(accounts.read_accounts(path)):
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
