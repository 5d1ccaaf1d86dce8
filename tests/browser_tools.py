"""Helpers for the browser test: a throw-away JupyterLab server and a headless Chromium.

The server runs on a temporary copy of the course with its own HOME and
Jupyter config/data/runtime folders, so the developer's settings never leak
in; the venv's own (sys-prefix) Jupyter paths still apply, which is where the
nbgrader and ipywidgets lab extensions live. The browser is Debian's
Chromium driven by Playwright (Playwright's own browser download cannot
work offline).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = (
    "No Chromium at /usr/bin/chromium, so the browser test cannot run. Install it with "
    "`sudo apt-get install chromium` (Debian/Ubuntu; `make test` does this when run as root). "
    "Do not run `playwright install`: the course works offline."
)

# Lab settings of the throw-away user: no news or update pop-ups over the page.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def wait_until(
    condition: Callable[[], object], timeout: float, what: str, *, page=None, interval=0.25
):
    """Poll ``condition`` until it returns something truthy; return that.

    With ``page``, waits between polls through Playwright, so that the page's
    events (console messages, frame navigations) are processed meanwhile; a
    plain sleep would hold them back. Raises TimeoutError naming ``what``
    after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"Timed out after {timeout:.0f} s waiting for {what}.")
        if page is None:
            time.sleep(interval)
        else:
            page.wait_for_timeout(interval * 1000)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_course(dest: Path) -> Path:
    """Copy what JupyterLab and nbgrader need of the course into ``dest``.

    Notebooks lose any outputs and execution counts, so that a run in the
    browser starts from what a student sees on first opening them. The
    datasets are not copied: crmlab is installed in editable mode and reads
    them from the repository.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("notebooks", "assignments", "solutions"):
        if (ROOT / folder).is_dir():
            shutil.copytree(
                ROOT / folder,
                dest / folder,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
    shutil.copy2(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    (dest / "grading" / "exchange").mkdir(parents=True, exist_ok=True)
    for path in (dest / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(nb, path)
    return dest


def isolated_env(home: Path) -> dict[str, str]:
    """Environment for the server: a fresh HOME and Jupyter user folders under ``home``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JUPYTER", "IPYTHON", "JPY_", "PYTHONPATH"))
    }
    dirs = {
        "HOME": home,
        "JUPYTER_CONFIG_DIR": home / ".jupyter",
        "JUPYTER_DATA_DIR": home / ".local" / "share" / "jupyter",
        "JUPYTER_RUNTIME_DIR": home / ".local" / "share" / "jupyter" / "runtime",
        "IPYTHONDIR": home / ".ipython",
        "MPLCONFIGDIR": home / ".config" / "matplotlib",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_CONFIG_HOME": home / ".config",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env.update({key: str(path) for key, path in dirs.items()})
    # nbgrader calls `alembic`, and kernels are started by name: venv programs first.
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("MPLBACKEND", None)
    settings = dirs["JUPYTER_CONFIG_DIR"] / "lab" / "user-settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return env


class LabServer:
    """A JupyterLab server on a copy of the course; use as a context manager.

    Attributes: ``course`` (the course copy, the server root), ``url`` (base
    URL), ``token``, ``log`` (the server's output file, by default in
    ``workdir``).
    """

    def __init__(self, workdir: Path, *, log: Path | None = None, startup_timeout: float = 90):
        self.workdir = workdir
        self.course = copy_course(workdir / "course")
        self.home = workdir / "home"
        self.env = isolated_env(self.home)
        self.token = secrets.token_hex(16)
        self.log = log or workdir / "jupyter-lab.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log.write_bytes(b"")
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, workspace: str, path: str = "") -> str:
        """URL of JupyterLab in its own ``workspace``, opening ``path`` if given.

        A fresh workspace restores no tabs from an earlier page. ``path`` is a
        file of the course, e.g. ``notebooks/x.ipynb``.
        """
        tree = f"/tree/{path}" if path else ""
        return f"{self.url}/lab/workspaces/{workspace}{tree}?token={self.token}"

    def api(self, path: str, method: str = "GET"):
        """Call the server's REST API; the decoded JSON answer (None when empty)."""
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def _command(self) -> list[str]:
        command = [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.course}",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        return command

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {self.process.returncode} while starting; "
                f"its log ({self.log}) ends with:\n{self.log_tail()}"
            )
        try:
            status = self.api("/api/status")
        except (OSError, urllib.error.URLError, ValueError):
            return False
        return isinstance(status, dict) and "started" in status

    def start(self) -> LabServer:
        # The port is free when chosen but could be taken before the server binds
        # it; the server then exits at once (port_retries=0) and we try another.
        for attempt in range(3):
            self.port = free_port()
            with open(self.log, "ab") as log:
                # Its own process group, which stop() signals as a whole.
                self.process = subprocess.Popen(
                    self._command(),
                    cwd=self.course,
                    env=self.env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                wait_until(self._ready, self.startup_timeout, "JupyterLab to answer /api/status")
                return self
            except RuntimeError:
                if attempt == 2 or "already in use" not in self.log_tail():
                    raise
            except TimeoutError as exc:
                self.stop()
                raise TimeoutError(f"{exc} Server log:\n{self.log_tail()}") from None

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (between tests, to free memory)."""
        try:
            for kernel in self.api("/api/kernels"):
                self.api(f"/api/kernels/{kernel['id']}", method="DELETE")
        except (OSError, urllib.error.URLError):
            pass

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # Kernels run in their own sessions: ask the server to end them first,
        # so that none outlives it even if it has to be killed.
        self.shutdown_kernels()
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        except ProcessLookupError:
            pass

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def launch_chromium(playwright):
    """Debian's Chromium, headless, with an empty profile and no network of its own."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        timeout=60_000,
    )


class PageLog:
    """Collects a page's console errors and uncaught exceptions."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console.error: {message.text}")

    def report(self) -> str:
        if not self.errors:
            return "Browser console: no errors."
        return "Browser console errors:\n  " + "\n  ".join(self.errors[-20:])


def artifact_path(name: str) -> Path:
    """Path for a screenshot in artifacts/browser/ (made safe as a file name)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") + ".png")


class Session:
    """A browser page on the lab server, with what a failure report needs.

    ``step(what)`` wraps a part of a test: any failure or time-out inside it
    becomes an AssertionError naming the step, with a screenshot, the
    browser console errors and the end of the server log.
    """

    def __init__(self, page, server: LabServer, name: str):
        self.page = page
        self.server = server
        self.name = name
        self.log = PageLog(page)
        self.screenshots: list[Path] = []

    def shot(self, label: str, element=None) -> Path:
        """Screenshot of the window, or of ``element`` (a locator) when given."""
        path = artifact_path(f"{self.name}-{label}")
        (element or self.page).screenshot(path=str(path))
        self.screenshots.append(path)
        return path

    @contextlib.contextmanager
    def step(self, what: str):
        try:
            yield
        except Exception as exc:
            try:
                shot = f"screenshot: {self.shot('FAILED')}"
            except Exception as shot_error:
                shot = f"no screenshot ({shot_error})"
            raise AssertionError(
                f"{what}: {exc}\n{shot}\n{self.log.report()}\n"
                f"JupyterLab log ({self.server.log}) ends with:\n{self.server.log_tail(15)}"
            ) from exc


def temp_workdir(prefix: str = "crmlab-browser-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


# --------------------------------------------------------------------------- JupyterLab

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
KERNEL_READY = '.jp-DebuggerBugButton[aria-disabled="false"]'
KERNEL_IDLE = '.jp-Notebook-ExecutionIndicator[data-status="idle"]'

# Prompts of the code cells that have code, and whether the kernel is idle.
_RUN_STATE_JS = """
([panelSelector, idleSelector]) => {
  const panel = document.querySelector(panelSelector);
  if (!panel) return null;
  const cells = [...panel.querySelectorAll('.jp-CodeCell')].filter(
    cell => (cell.querySelector('.cm-content')?.textContent ?? '').trim() !== '');
  return {
    prompts: cells.map(cell => (cell.querySelector('.jp-InputPrompt')?.textContent ?? '').trim()),
    idle: panel.querySelector(idleSelector) !== null,
  };
}
"""


def click_menu(page, menu: str, command: str, attempts: int = 3) -> None:
    """Open a top menu by its label and click the item running ``command``.

    A click on the label of a menu that is still open (or half-closed after
    Escape) closes it instead, so each attempt first closes any open menu and
    waits for it to go, then opens the menu and waits for the item.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    label = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=menu).first
    item = page.locator(f'.lm-Menu-content .lm-Menu-item[data-command="{command}"]')
    for attempt in range(1, attempts + 1):
        page.keyboard.press("Escape")
        page.locator(".lm-Menu").first.wait_for(state="hidden", timeout=5_000)
        label.click()
        try:
            item.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeoutError:
            if attempt == attempts:
                raise
            continue
        item.click()
        return


def open_notebook(page, server: LabServer, path: str, workspace: str, timeout: float = 120):
    """Open a notebook as a student does and wait until its kernel is really connected.

    Returns the notebook panel locator.
    """
    page.goto(server.lab_url(workspace, path))
    panel = page.locator(NOTEBOOK)
    panel.locator(".jp-Cell").first.wait_for(timeout=timeout * 1000)
    # A notebook that names no kernel makes JupyterLab ask for one: fail at once.
    ready = panel.locator(KERNEL_READY)
    ready.or_(page.locator(".jp-Dialog")).first.wait_for(timeout=timeout * 1000)
    dialogs = visible_dialogs(page)
    if dialogs:
        raise AssertionError(f"a dialog opened with the notebook (kernel picker?): {dialogs}")
    ready.wait_for(timeout=timeout * 1000)
    panel.locator(KERNEL_IDLE).wait_for(timeout=timeout * 1000)
    return panel


# Prose between two "$" signs (e.g. "US$11,000 ... US$25,000") is typeset by
# MathJax as a product of italic one-letter variables; real formulas of the
# course have at most a handful in a row (names are set in \\text{...}).
_STRAY_MATH_JS = """
containers => containers.map(c => {
  const tokens = c.querySelectorAll(
    'mjx-assistive-mml mi, mjx-assistive-mml mn, mjx-assistive-mml mo, mjx-assistive-mml mtext');
  let run = 0, longest = 0;
  for (const t of tokens) {
    run = t.tagName.toLowerCase() === 'mi' && /^[A-Za-z]$/.test(t.textContent) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return {longest, text: c.textContent};
})
"""


def stray_math(panel, letters: int = 10) -> list[str]:
    """Rendered math that is really prose caught between two dollar signs.

    Scrolls the first one into view, for the screenshot of the failure.
    """
    math = panel.locator(".jp-MarkdownOutput mjx-container")
    found = math.evaluate_all(_STRAY_MATH_JS)
    stray = [i for i, m in enumerate(found) if m["longest"] >= letters]
    if stray:
        first = math.nth(stray[0])
        first.scroll_into_view_if_needed()
        # Let the windowed notebook paint the cells it scrolled to.
        first.evaluate("e => new Promise(r => requestAnimationFrame(() => setTimeout(r, 500)))")
    return [found[i]["text"][:80] for i in stray]


def visible_dialogs(page) -> list[str]:
    """Texts of the modal dialogs on screen (a kernel picker, an error box...)."""
    return [text.strip() for text in page.locator(".jp-Dialog").all_inner_texts()]


def run_all_cells(page, timeout: float = 180) -> list[str]:
    """Run > Run All Cells, then wait until the kernel has finished every cell.

    Finished means every code cell with code shows an execution count and the
    kernel is idle; or, when a cell failed (Run All then skips the rest),
    that nothing is queued any more and nothing changed for a second.
    Returns the final prompts, e.g. ``["[1]:", "[2]:"]``.
    """
    click_menu(page, "Run", "runmenu:run-all")
    numbered = re.compile(r"^\[\d+\]:$")
    previous, stable_since = None, time.monotonic()

    def finished():
        nonlocal previous, stable_since
        state = page.evaluate(_RUN_STATE_JS, [NOTEBOOK, KERNEL_IDLE])
        if state is None:
            return None
        prompts = state["prompts"]
        if state["idle"] and all(numbered.match(p) for p in prompts):
            return prompts
        if state != previous:
            previous, stable_since = state, time.monotonic()
            return None
        stalled = state["idle"] and "[*]:" not in prompts and any(map(numbered.match, prompts))
        if stalled and time.monotonic() - stable_since > 1.0:
            return prompts
        return None

    return wait_until(finished, timeout, "Run All Cells to finish", page=page)


def save_and_read(page, server: LabServer, path: str, timeout: float = 30):
    """File > Save Notebook; return the saved notebook (nbformat) once it has the outputs."""
    click_menu(page, "File", "docmanager:save")
    # The tab loses its "unsaved" mark when the server has confirmed the save.
    page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").wait_for(
        state="detached", timeout=timeout * 1000
    )

    def saved():
        try:
            model = server.api(f"/api/contents/{path}?content=1&type=notebook")
        except urllib.error.HTTPError:
            return None  # caught mid-write: try again
        nb = nbformat.from_dict(model["content"])
        if any(c.cell_type == "code" and c.execution_count for c in nb.cells):
            return nb
        return None

    return wait_until(saved, timeout, f"{path} to be saved", page=page)


def error_outputs(nb) -> list[str]:
    """``"cell N: EName: message"`` for every error output of a saved notebook."""
    return [
        f"cell {index}: {output.ename}: {output.evalue}"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]


def count_outputs(nb, mime: str) -> int:
    """How many outputs of a saved notebook carry ``mime`` (e.g. ``"image/png"``)."""
    return sum(
        mime in output.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )


def rendered_images(panel) -> list[dict]:
    """Every output image of the notebook: whether it decoded, and its size."""
    return panel.locator(".jp-RenderedImage img").evaluate_all(
        "imgs => imgs.map(i => ({ok: i.complete && i.naturalWidth > 0, "
        "width: i.naturalWidth, height: i.naturalHeight}))"
    )


def widget_outputs(panel) -> dict:
    """Widget outputs of the notebook: how many rendered, and any error texts."""
    return panel.locator(".jp-OutputArea-output").evaluate_all(
        """nodes => {
          const texts = nodes.map(n => n.textContent.trim());
          return {
            rendered: nodes.filter(n => n.querySelector(':scope > .jupyter-widgets')).length,
            broken: texts.filter(t => t.startsWith('Error displaying widget')
                                   || t === 'Loading widget...'),
          };
        }"""
    )


# --------------------------------------------------------------------------- ipywidgets


def explorer(panel, title: str):
    """The crmlab Explorer widget whose heading starts with ``title`` (the first one)."""
    return panel.locator(
        "xpath=.//div[contains(concat(' ', normalize-space(@class), ' '), ' widget-vbox ')]"
        "[./div[contains(@class, 'widget-html')]//h4"
        f"[starts-with(normalize-space(.), '{title}')]]"
    ).first


def control(widget, label: str):
    """The control of an Explorer whose description starts with ``label``."""
    return (
        widget.locator(".widget-inline-hbox")
        .filter(has=widget.page.locator("label.widget-label", has_text=label))
        .first
    )


def slider_value(slider) -> float:
    """The exact value of an ipywidgets slider (its readout is rounded)."""
    return float(slider.locator(".noUi-handle").get_attribute("aria-valuetext"))


def text_value(box) -> float:
    return float(box.locator("input").input_value())


def move_slider(slider, key: str = "ArrowRight") -> None:
    """Move a slider one step with the keyboard, as a student can."""
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press(key)


def result_text(widget) -> str:
    """The text of an Explorer's result (its ``widget-html`` below the controls)."""
    return widget.locator(":scope > .widget-html").nth(1).inner_text()
