"""Start and stop the fleet's servers (see fleet/__init__.py)."""
from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
RESERVED = {5005, 5055}  # another copy of the assistant may run there


def free_port() -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in RESERVED:
            return port


def _pg_bin(name: str) -> Optional[str]:
    for d in PG_BIN_DIRS:
        if (d / name).exists():
            return str(d / name)
    return shutil.which(name)


def missing() -> list[str]:
    """Debian packages the fleet needs and this machine lacks."""
    out = []
    if not (_pg_bin("postgres") and _pg_bin("initdb")):
        out.append("postgresql")
    if not shutil.which("redis-server") and not Path("/usr/bin/redis-server").exists():
        out.append("redis-server")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        out.append("nginx-light")
    return out


def ensure_installed() -> None:
    """apt-get the servers when missing (scripts/fleet_setup.sh)."""
    if missing():
        subprocess.run(["bash", str(ROOT / "scripts" / "fleet_setup.sh")], check=True)
    still = missing()
    if still:
        raise RuntimeError(f"could not install: {' '.join(still)}")


def _wait_port(port: int, timeout: float, proc: Optional[subprocess.Popen] = None,
               what: str = "") -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} not listening on {port} after {timeout}s")


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            return r.status == 200
    except Exception:
        return False


class _Proc:
    """One server process in its own process group; stop() ends that group only."""

    def __init__(self, name: str, log: Path):
        self.name, self.log = name, log
        self.proc: Optional[subprocess.Popen] = None

    def spawn(self, cmd: list[str], env: Optional[dict] = None, cwd: Optional[Path] = None) -> None:
        fh = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env,
                                     cwd=cwd, start_new_session=True)
        fh.close()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if not self.alive():
            return
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)

    def tail(self, n: int = 2000) -> str:
        try:
            return f"--- {self.name} ({self.log})\n" + self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""


class Postgres(_Proc):
    """A PostgreSQL cluster of its own in ``datadir`` on 127.0.0.1:port (TCP only).

    As root it runs as the ``postgres`` user (PostgreSQL refuses to run as root)."""

    def __init__(self, base: Path, port: Optional[int] = None, password: Optional[str] = None):
        super().__init__("postgres", base / "postgres.log")
        self.base, self.port = base, port or free_port()
        self.datadir = base / "pgdata"
        self.user, self.db = "rasa", "rasa"
        # Kept beside the data dir (0600) so that a cluster kept with --dir starts again.
        self.pwfile = base.parent / f"{base.name}.password"
        if password is None and self.pwfile.exists() and self.datadir.exists():
            password = self.pwfile.read_text().strip()
        self.password = password or secrets.token_hex(12)
        self.run_as = None
        if os.geteuid() == 0:
            self.run_as = pwd.getpwnam("postgres")

    def _as_user(self, cmd: list[str]) -> list[str]:
        if self.run_as is None:
            return cmd
        return ["setpriv", f"--reuid={self.run_as.pw_uid}", f"--regid={self.run_as.pw_gid}",
                "--init-groups", "--"] + cmd

    def _own(self, path: Path) -> None:
        if self.run_as is not None:
            os.chown(path, self.run_as.pw_uid, self.run_as.pw_gid)

    def init(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o700)
        self._own(self.base)
        pwfile = self.base / "pgpass.tmp"
        pwfile.write_text(self.password + "\n")
        self._own(pwfile)
        self.log.touch()
        self._own(self.log)
        r = subprocess.run(self._as_user([_pg_bin("initdb"), "-D", str(self.datadir), "-U", self.user,
                                          f"--pwfile={pwfile}", "--auth=scram-sha-256",
                                          "-E", "UTF8", "--locale=C.UTF-8"]),
                           capture_output=True, text=True, cwd="/")
        pwfile.unlink()
        self.pwfile.write_text(self.password + "\n")
        self.pwfile.chmod(0o600)
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{r.stdout[-1500:]}{r.stderr[-1500:]}")

    def start(self, timeout: float = 60) -> None:
        if not self.datadir.exists():
            self.init()
        self.spawn(self._as_user([_pg_bin("postgres"), "-D", str(self.datadir), "-p", str(self.port),
                                  "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                                  "-c", "max_connections=200", "-c", "fsync=on",
                                  # a failing statement is not logged: psycopg2 sends the values
                                  # inside the SQL text (what people said, in `events.data`)
                                  "-c", "log_min_error_statement=panic"]), cwd=Path("/"))
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not self.alive():
                raise RuntimeError(f"PostgreSQL exited:\n{self.tail()}")
            if self._psql("SELECT 1", db="postgres", check=False).returncode == 0:
                break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"PostgreSQL not ready:\n{self.tail()}")
        if self.db not in self._psql("SELECT datname FROM pg_database", db="postgres").stdout.split():
            self._psql(f"CREATE DATABASE {self.db}", db="postgres")

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30) -> None:  # fast shutdown
        super().stop(sig, timeout)

    def restart(self) -> None:
        self.stop()
        self.start()

    def _psql(self, sql: str, db: Optional[str] = None, check: bool = True):
        return subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
                               "-d", db or self.db, "-tAc", sql],
                              env=dict(os.environ, PGPASSWORD=self.password, PGCONNECT_TIMEOUT="3"),
                              capture_output=True, text=True, check=check)

    def endpoint_yaml(self) -> str:
        return ("tracker_store:\n"
                "  type: trackerstores.resilient_sql.ResilientSQLTrackerStore\n"
                "  dialect: postgresql\n"
                f"  url: 127.0.0.1\n  port: {self.port}\n  db: {self.db}\n"
                f"  username: {self.user}\n  password: {self.password}\n")


class Redis(_Proc):
    def __init__(self, base: Path, port: Optional[int] = None):
        super().__init__("redis", base / "redis.log")
        self.base, self.port = base, port or free_port()

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        exe = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.spawn([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.base),
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--protected-mode", "yes"])
        _wait_port(self.port, 20, self.proc, "redis")

    def endpoint_yaml(self) -> str:
        return ("lock_store:\n"
                "  type: lockstores.redis_atomic.AtomicRedisLockStore\n"
                f"  url: 127.0.0.1\n  port: {self.port}\n  db: 1\n  key_prefix: jinshan\n")


NGINX_CONF = """\
worker_processes 1;
{user}
pid {p}/nginx.pid;
error_log {p}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log {p}/access.log;
  client_body_temp_path {p}/tmp/body;
  proxy_temp_path {p}/tmp/proxy;
  fastcgi_temp_path {p}/tmp/fastcgi;
  uwsgi_temp_path {p}/tmp/uwsgi;
  scgi_temp_path {p}/tmp/scgi;
  client_max_body_size 1m;

  # Which conversation a request belongs to: the X-Conversation-Id header (REST clients),
  # else the id in the agent desk's path, else the mini-program's bearer token (one per
  # user); otherwise a random key — the atomic Redis lock keeps such a request safe.
  # A kiosk terminal (its address) goes to one replica while that replica lives (its
  # sessions are in the doors' store, so any replica can carry a visit on).
  map $uri $conv_from_path {{
    ~^/agent/api/conversations/([^/]+)  $1;
    ~^/kiosk/                           kiosk-$remote_addr;
    ~^/miniprogram/v1/messages          $http_authorization;
    ~^/conversations/([^/]+)            $1;
    default                             $request_id;
  }}
  map $http_x_conversation_id $conv_key {{
    ""      $conv_from_path;
    default $http_x_conversation_id;
  }}

  upstream rasa {{
    hash $conv_key consistent;
{servers}
  }}

  server {{
    listen 127.0.0.1:{port};
    location = /fleet/health {{ return 200 "ok\\n"; }}
    location / {{
      proxy_pass http://rasa;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      # nginx is the edge here: the client's own X-Forwarded-For is dropped, the replicas
      # (DOORS_TRUSTED_PROXIES=127.0.0.1, Fleet.env) read the address nginx saw, so a client
      # cannot name another address to escape the per-address limits.
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A dead replica refuses the connection before the request is sent: nginx then
      # sends it to the next replica on the ring (and avoids the dead one for a while).
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
      add_header X-Fleet-Upstream $upstream_addr always;
    }}
    # No replica could finish the turn (one died mid-turn and the POST is not retried, or
    # none is up): a Chinese answer in the doors' shape, never nginx's English page.
    error_page 502 503 504 = @busy;
    location @busy {{
      default_type application/json;
      add_header Retry-After 5 always;
      return 503 '{{"error": "busy", "text": "服务暂时繁忙，刚才这条消息没有处理，请稍后再发一次。您之前告诉我的信息都已保留。"}}';
    }}
  }}
}}
"""


class Nginx(_Proc):
    def __init__(self, base: Path, upstreams: list[int], port: Optional[int] = None):
        super().__init__("nginx", base / "nginx.out")
        self.base, self.upstreams, self.port = base, upstreams, port or free_port()

    def start(self) -> None:
        p = self.base
        for d in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
            (p / d).mkdir(parents=True, exist_ok=True)
            (p / d).chmod(0o777)
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        servers = "\n".join(f"    server 127.0.0.1:{u} max_fails=1 fail_timeout=10s;"
                            for u in self.upstreams)
        conf = p / "nginx.conf"
        conf.write_text(NGINX_CONF.format(p=p, user=user, servers=servers, port=self.port))
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run([exe, "-t", "-p", str(p), "-e", str(p / "error.log"), "-c", str(conf)],
                              capture_output=True, text=True)
        if test.returncode != 0:
            raise RuntimeError(f"nginx config invalid:\n{test.stderr}")
        self.spawn([exe, "-p", str(p), "-e", str(p / "error.log"), "-c", str(conf),
                    "-g", "daemon off;"])
        _wait_port(self.port, 20, self.proc, "nginx")

    def stop(self, sig: int = signal.SIGQUIT, timeout: float = 10) -> None:
        super().stop(sig, timeout)


class Fleet:
    """The whole fleet. ``base`` holds every data dir, config and log (a new temp dir by default)."""

    def __init__(self, replicas: int = 2, base: Optional[Path] = None, port: Optional[int] = None,
                 model: Optional[Path] = None, token: Optional[str] = None):
        self.base = Path(base or tempfile.mkdtemp(prefix="jinshan-fleet-"))
        self.base.mkdir(parents=True, exist_ok=True)
        self.base.chmod(0o755)
        self.model = Path(model or ROOT / "models" / "current.tar.gz")
        self.token = token or os.environ.get("RASA_AUTH_TOKEN") or secrets.token_hex(16)
        self.postgres = Postgres(self.base / "postgres")
        self.redis = Redis(self.base / "redis")
        self.actions_port = free_port()
        self.actions = _Proc("actions", self.base / "actions.log")
        self.replica_ports = [free_port() for _ in range(replicas)]
        self.replicas = [_Proc(f"rasa-{i}", self.base / f"rasa-{i}.log") for i in range(replicas)]
        self.nginx = Nginx(self.base / "nginx", self.replica_ports, port=port)
        self.endpoints = self.base / "endpoints.yml"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx.port}"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.replica_ports[i]}"

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2", RASA_TELEMETRY_ENABLED="false",
                   AGENT_TOKEN=os.environ.get("AGENT_TOKEN", "local-agent-token"),
                   # nginx in front (127.0.0.1): its X-Forwarded-For names the client, so the
                   # doors' per-address limits see the real client (channels/doors/network.py)
                   DOORS_TRUSTED_PROXIES=os.environ.get("DOORS_TRUSTED_PROXIES") or "127.0.0.1",
                   SQL_POOL_SIZE=os.environ.get("SQL_POOL_SIZE", "20"))
        return env

    # ---- starting
    def start(self, log=print) -> "Fleet":
        try:
            log(f"[fleet] PostgreSQL on 127.0.0.1:{self.postgres.port}")
            self.postgres.start()
            log(f"[fleet] Redis on 127.0.0.1:{self.redis.port}")
            self.redis.start()
            self.endpoints.write_text(
                f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n'
                + self.postgres.endpoint_yaml() + self.redis.endpoint_yaml())
            self.endpoints.chmod(0o600)
            log(f"[fleet] action server on 127.0.0.1:{self.actions_port}")
            # actions.server: loopback only, no CORS (``rasa run actions`` binds 0.0.0.0 with CORS *)
            self.actions.spawn([str(ROOT / ".venv/bin/python"), "-m", "actions.server", "--host", "127.0.0.1",
                                "--port", str(self.actions_port)], env=self.env(), cwd=ROOT)
            self._wait_http(f"http://127.0.0.1:{self.actions_port}/health", self.actions, 120)
            for i in range(len(self.replicas)):  # one after another: each loads ~1 GB
                log(f"[fleet] Rasa replica {i} on 127.0.0.1:{self.replica_ports[i]}")
                self.start_replica(i)
            log(f"[fleet] nginx on 127.0.0.1:{self.nginx.port}")
            self.nginx.start()
        except BaseException:
            self.stop()
            raise
        return self

    def start_replica(self, i: int, timeout: float = 300) -> None:
        self.replicas[i].spawn(
            [str(ROOT / ".venv/bin/rasa"), "run", "-m", str(self.model), "--enable-api",
             "--auth-token", self.token, "-i", "127.0.0.1", "-p", str(self.replica_ports[i]),
             "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(self.endpoints)],
            env=self.env(), cwd=ROOT)
        self._wait_http(f"{self.replica_url(i)}/status?token={self.token}", self.replicas[i], timeout)

    def kill_replica(self, i: int) -> None:
        """SIGKILL, as when a machine dies."""
        self.replicas[i].stop(signal.SIGKILL)

    def _wait_http(self, url: str, proc: _Proc, timeout: float) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if not proc.alive():
                raise RuntimeError(f"{proc.name} exited:\n{proc.tail()}")
            if _http_ok(url):
                return
            time.sleep(0.5)
        raise RuntimeError(f"{proc.name} not ready in {timeout}s:\n{proc.tail()}")

    def stop(self) -> None:
        for p in [self.nginx, *self.replicas, self.actions, self.redis, self.postgres]:
            try:
                p.stop()
            except Exception:
                pass

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)

    def logs(self) -> str:
        return "\n".join(p.tail() for p in [self.nginx, *self.replicas, self.actions,
                                              self.redis, self.postgres])

    # ---- talking to it
    def say(self, sender: str, text: str, header: bool = True, base: Optional[str] = None,
            timeout: float = 120) -> tuple[list[dict], str]:
        """One REST message; returns (messages, the replica nginx used)."""
        hdrs = {"Content-Type": "application/json"}
        if header:
            hdrs["X-Conversation-Id"] = sender
        req = urllib.request.Request(f"{base or self.url}/webhooks/rest/webhook",
                                     json.dumps({"sender": sender, "message": text}).encode(), hdrs)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"[]"), r.headers.get("X-Fleet-Upstream", "")

    def slots(self, sender: str, base: Optional[str] = None) -> dict:
        req = urllib.request.Request(f"{base or self.url}/conversations/{sender}/tracker?token={self.token}",
                                     headers={"X-Conversation-Id": sender})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["slots"]
