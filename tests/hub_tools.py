"""Helpers for the JupyterHub test: a course server set up by deploy/setup.sh.

``CourseHub`` runs the project's own set-up script into a temporary folder
(the Python environment is kept between runs, in ``CRMLAB_HUB_TEST_ENV``,
default /var/tmp/crmlab-hub-test/env, because building it takes a minute or
two and setup.sh brings it up to date in seconds), creates throw-away system
users with deploy/add_users.py, starts the hub on 127.0.0.1 with free ports,
and on ``close()`` stops it and removes every user, group, process and
folder it made, whatever happened before.

``HubClient`` is one person talking to the hub over HTTP: log in with the
password (the hub's login form), get an API token, then call the hub's REST
API, their own server, or the formgrader service with it.
"""

from __future__ import annotations

import asyncio
import csv
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import requests

from tests.browser_tools import ROOT, free_port, wait_until

SETUP = ROOT / "deploy" / "setup.sh"
ADD_USERS = ROOT / "deploy" / "add_users.py"
ARTIFACTS = ROOT / "artifacts" / "hub"
COURSE_ID = "crm-analytics"
SERVICE = f"formgrader-{COURSE_ID}"
TEST_ENV = Path(os.environ.get("CRMLAB_HUB_TEST_ENV", "/var/tmp/crmlab-hub-test/env"))


def cannot_run() -> str | None:
    """Why the hub test cannot run on this machine, or None when it can."""
    if os.geteuid() != 0:
        return "the hub test creates system users and starts JupyterHub as root: run it as root"
    for program in ("useradd", "userdel", "chpasswd", "runuser"):
        if shutil.which(program) is None:
            return f"no `{program}` (Debian's passwd/util-linux): the hub test needs it"
    if shutil.which("npm") is None and shutil.which("apt-get") is None:
        return "no npm and no apt-get to install it: configurable-http-proxy comes from npm"
    bwrap = shutil.which("bwrap")
    # As an unprivileged user, like the formgrader service that grades.
    probe = ["runuser", "-u", "nobody", "--", str(bwrap), "--unshare-user", "--ro-bind", "/", "/"]
    if bwrap and subprocess.run([*probe, "true"], capture_output=True).returncode:
        return (
            "no unprivileged user namespaces (bwrap cannot start as `nobody`), which grading "
            "needs: allow them (e.g. sysctl kernel.unprivileged_userns_clone=1)"
        )
    return None


class CourseHub:
    """A crmlab course server on 127.0.0.1 with throw-away users; see the module docstring."""

    def __init__(self) -> None:
        self.tag = "hub" + secrets.token_hex(2)
        self.work = Path(tempfile.mkdtemp(prefix=f"crmlab-{self.tag}-"))
        self.work.chmod(0o755)  # students reach the exchange below it
        self.srv = self.work / "srv"
        self.etc = self.work / "etc"
        self.state = self.work / "state"
        self.users: list[str] = []
        self.passwords: dict[str, str] = {}
        self.timings: dict[str, float] = {}
        self.process: subprocess.Popen | None = None
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log = ARTIFACTS / "jupyterhub.log"
        self.log.write_bytes(b"")
        self.port, self.hub_port, self.proxy_port, self.formgrader_port = (
            free_port() for _ in range(4)
        )
        self.settings = {
            "CRMLAB_ENV": str(TEST_ENV),
            "CRMLAB_SRV": str(self.srv),
            "CRMLAB_ETC": str(self.etc),
            "CRMLAB_STATE": str(self.state),
            "CRMLAB_PREFIX": self.tag,
            "CRMLAB_SYSTEMD": "0",
            "CRMLAB_BIND_URL": f"http://127.0.0.1:{self.port}",
            "CRMLAB_HUB_PORT": str(self.hub_port),
            "CRMLAB_PROXY_API_PORT": str(self.proxy_port),
            "CRMLAB_FORMGRADER_PORT": str(self.formgrader_port),
        }
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))},
            **self.settings,
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def course(self) -> Path:
        return self.srv / "course"

    @property
    def exchange(self) -> Path:
        return self.srv / "exchange"

    def group(self, role: str) -> str:
        return f"{self.tag}-{role}"

    def timed(self, step: str):
        hub = self

        class _Timer:
            def __enter__(self):
                self.start = time.monotonic()

            def __exit__(self, *exc):
                hub.timings[step] = round(time.monotonic() - self.start, 1)

        return _Timer()

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _run(self, command: list[str], what: str, timeout: float = 900) -> str:
        result = subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=timeout, cwd=self.work
        )
        out = result.stdout + result.stderr
        (ARTIFACTS / f"{what}.log").write_text(out)
        if result.returncode:
            raise RuntimeError(f"{what} failed ({result.returncode}):\n{out[-3000:]}")
        return out

    def setup(self) -> None:
        """deploy/setup.sh, as an administrator runs it (without systemd)."""
        self._run(["bash", str(SETUP)], "setup")

    def backup(self) -> Path:
        """deploy/backup.sh into the hub's folder; the backup's folder."""
        out = self._run(
            ["bash", str(ROOT / "deploy" / "backup.sh"), str(self.work / "backups")], "backup"
        )
        return Path(out.strip().splitlines()[-1])

    def python(self, code: str, what: str, **env: str) -> str:
        """Run ``code`` with the hub's Python, in the folder of its config; its output."""
        command = [str(TEST_ENV / "bin" / "python"), "-c", code]
        result = subprocess.run(
            command,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            cwd=self.etc,
            timeout=120,
        )
        if result.returncode:
            raise RuntimeError(f"{what} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def add_users(self, role: str, *sources: str) -> dict[str, str]:
        """deploy/add_users.py; returns the new users' passwords."""
        passwords = self.work / f"passwords-{role}.csv"
        passwords.unlink(missing_ok=True)
        command = [str(TEST_ENV / "bin" / "python"), str(ADD_USERS), "--role", role]
        command += ["--etc", str(self.etc), "--passwords", str(passwords), *sources]
        # Registered before the call: a failure half-way still removes who was made.
        self.users += [s for s in sources if not s.endswith(".csv")]
        out = self._run(command, f"add_users-{role}")
        made = [line.split(":")[0] for line in out.splitlines() if line.endswith(f": {role}")]
        self.users += [u for u in made if u not in self.users]
        if not passwords.exists():  # nobody new
            return {}
        with passwords.open(newline="") as handle:
            new = {row["username"]: row["password"] for row in csv.DictReader(handle)}
        self.passwords.update(new)
        return new

    def start(self, timeout: float = 120) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    str(TEST_ENV / "bin" / "jupyterhub"),
                    "-f",
                    str(self.etc / "jupyterhub_config.py"),
                ],
                cwd=self.state,
                env={**self.env, "PATH": f"{TEST_ENV / 'bin'}:/usr/sbin:/usr/bin:/sbin:/bin"},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def up():
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited while starting:\n{self.log_tail()}")
            try:
                return requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        wait_until(up, timeout, "JupyterHub to answer /hub/api/")

    def uids(self) -> set[int]:
        names = [*self.users, f"{self.tag}-formgrader"]
        uids = set()
        for name in names:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        return uids

    def _kill_leftovers(self) -> None:
        """Processes of the throw-away users (servers, kernels) that outlived the hub."""
        uids = self.uids()
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    if proc.stat().st_uid in uids:
                        os.kill(int(proc.name), signal.SIGKILL)
                except (OSError, ProcessLookupError):
                    pass

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            # The hub stops the users' servers, the formgrader service and the proxy.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        proxy_pid = self.state / "proxy.pid"
        if proxy_pid.exists():
            try:
                os.kill(int(proxy_pid.read_text().strip()), signal.SIGTERM)
            except (ValueError, OSError):
                pass

    def close(self) -> None:
        """Stop everything and remove every user, group and folder this hub made."""
        try:
            self.stop()
        finally:
            self._kill_leftovers()
            for name in [*self.users, f"{self.tag}-formgrader"]:
                subprocess.run(["userdel", "--remove", name], capture_output=True)
            for role in ("instructors", "graders", "students"):
                subprocess.run(["groupdel", self.group(role)], capture_output=True)
            shutil.rmtree(self.work, ignore_errors=True)


class HubClient:
    """One person on the hub: password log-in, then token-authenticated HTTP calls."""

    def __init__(self, hub: CourseHub, name: str) -> None:
        self.hub = hub
        self.name = name
        self.http = requests.Session()
        self.token = ""

    def login(self) -> HubClient:
        """The hub's login form (PAM), then a token for the API, as the person."""
        url = f"{self.hub.url}/hub/login"
        self.http.get(url, timeout=30).raise_for_status()
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        response = self.http.post(
            url,
            data={"username": self.name, "password": self.hub.passwords[self.name], "_xsrf": xsrf},
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code == 302, f"login of {self.name}: {response.status_code}"
        # The hub gives a logged-in person a new xsrf cookie.
        xsrf = self.http.cookies.get("_xsrf", path="/hub/")
        response = self.http.post(
            f"{self.hub.url}/hub/api/users/{self.name}/tokens",
            json={"note": "crmlab hub test"},
            headers={"X-XSRFToken": xsrf},
            timeout=30,
        )
        response.raise_for_status()
        self.token = response.json()["token"]
        return self

    def call(self, method: str, path: str, *, ok: bool = True, **kwargs) -> requests.Response:
        """``method`` on hub path ``path`` (e.g. "/hub/api/users") with the token."""
        kwargs.setdefault("timeout", 300)
        kwargs.setdefault("allow_redirects", False)
        response = requests.request(
            method,
            f"{self.hub.url}{path}",
            headers={"Authorization": f"token {self.token}"},
            **kwargs,
        )
        if ok and response.status_code >= 400:
            raise AssertionError(
                f"{method} {path} as {self.name}: {response.status_code} {response.text[:2000]}"
            )
        return response

    # ------------------------------------------------------------ the hub
    def start_server(self) -> None:
        self.call("POST", f"/hub/api/users/{self.name}/server")

    def server_ready(self) -> bool:
        model = self.call("GET", f"/hub/api/users/{self.name}").json()
        return bool(model.get("servers", {}).get("", {}).get("ready"))

    # ------------------------------------------------------- their server
    def server(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.call(method, f"/user/{self.name}{path}", **kwargs)

    def assignments(self, action: str | None = None, assignment: str = "") -> list[dict]:
        """nbgrader's Assignment List: list, or fetch/submit/fetch_feedback an assignment."""
        if action is None:
            answer = self.server("GET", "/assignments", params={"course_id": COURSE_ID})
        else:
            body = {"course_id": COURSE_ID, "assignment_id": assignment}
            answer = self.server("POST", f"/assignments/{action}", json=body)
        data = answer.json()
        if isinstance(data, dict) and not data.get("success", True):
            raise AssertionError(f"{action} {assignment} as {self.name}: {data}")
        return data["value"] if isinstance(data, dict) else data

    def read(self, path: str) -> dict:
        return self.server("GET", f"/api/contents/{path}", params={"content": 1}).json()

    def write_notebook(self, path: str, nb: dict) -> None:
        self.server("PUT", f"/api/contents/{path}", json={"type": "notebook", "content": nb})

    def run_code(self, code: str, timeout: float = 120, *, prefix: str = "") -> str:
        """Run ``code`` in a new kernel; its printed output.

        The kernel is one of their own server, or of the server at hub path
        ``prefix`` (e.g. the formgrader service's "/services/NAME").
        """
        prefix = prefix or f"/user/{self.name}"
        kernel = self.call("POST", f"{prefix}/api/kernels", json={"name": "python3"}).json()
        try:
            url = self.hub.url.replace("http", "ws", 1)
            url += f"{prefix}/api/kernels/{kernel['id']}/channels"
            return asyncio.run(_execute(url, self.token, code, timeout))
        finally:
            self.call("DELETE", f"{prefix}/api/kernels/{kernel['id']}", ok=False)

    # ------------------------------------------------------- formgrader
    def formgrader(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.call(method, f"/services/{SERVICE}/formgrader{path}", **kwargs)


async def _execute(url: str, token: str, code: str, timeout: float) -> str:
    """Send one execute_request over a kernel's websocket; collect its stdout."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    connection = await websocket_connect(
        HTTPRequest(url, headers={"Authorization": f"token {token}"}, request_timeout=timeout)
    )
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "msg_type": "execute_request",
        "username": "",
        "session": uuid.uuid4().hex,
        "version": "5.3",
        "date": "",
    }
    content = {"code": code, "silent": False, "store_history": False, "allow_stdin": False}
    request = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
    connection.write_message(json.dumps({**request, "channel": "shell", "buffers": []}))
    out = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            raw = await asyncio.wait_for(connection.read_message(), deadline - time.monotonic())
            if raw is None:
                raise RuntimeError("the kernel's websocket closed")
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["msg_type"]
            if kind == "stream":
                out.append(message["content"]["text"])
            elif kind == "error":
                raise RuntimeError("\n".join(message["content"]["traceback"]))
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                return "".join(out)
    finally:
        connection.close()
