"""Grading kernels forked from a template (crmlab.autograde.template), from inside and out.

Kernels forked from one template share its memory image but nothing else:
each test starts real kernels with the course's kernel manager (the template
is on by default) and checks what one kernel can see of another, of the
template and of the machine, that killing a kernel ends all of it, and that
grading through the template scores like grading with a sandbox per kernel.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from crmlab.autograde import sandbox, template
from tests import grading_tools as gt
from tests import known_wrong
from tests.kernel_tools import (
    in_kernels,
    run,
    sandbox_available,  # noqa: F401 (autouse)
    start,
    stop,
)

pytestmark = pytest.mark.grading


LOOK = (
    "import json, os, random, numpy as np, ipykernel.connect\n"
    "ipc = os.path.dirname(ipykernel.connect.get_connection_file())\n"
    "open('mine.txt', 'w').write('x')\n"
    "open('/tmp/mine.txt', 'w').write('x')\n"
    "status = dict(l.split(':', 1) for l in open('/proc/self/status') if ':' in l)\n"
    "print(json.dumps({\n"
    "    'pids': sorted(int(p) for p in os.listdir('/proc') if p.isdigit()),\n"
    "    'ipc': ipc,\n"
    "    'beside_ipc': sorted(os.listdir(os.path.dirname(ipc))),\n"
    "    'home': sorted(os.listdir('.')),\n"
    "    'tmp': sorted(os.listdir('/tmp')),\n"
    "    'shm': sorted(os.listdir('/dev/shm')),\n"
    "    'caps': {k: int(v, 16) for k, v in status.items() if k.startswith('Cap')},\n"
    "    'no_new_privs': int(status['NoNewPrivs']),\n"
    "    'numpy': float(np.random.rand()),\n"
    "    'random': random.random(),\n"
    "}))\n"
)


def test_kernels_of_one_template_see_only_themselves():
    first, second = (json.loads(out) for out in in_kernels([LOOK, LOOK]))
    for seen in (first, second):
        # PID 1 is the kernel's reaper, PID 2 the kernel: no other process exists for it.
        assert seen["pids"] == [1, 2], seen["pids"]
        assert seen["beside_ipc"] == [os.path.basename(seen["ipc"])]
        assert template.SOCKET not in seen["beside_ipc"]
        assert "mine.txt" in seen["home"] and "mine.txt" in seen["tmp"]
        assert seen["shm"] == []
        assert seen["caps"] and not any(seen["caps"].values()), seen["caps"]
        assert seen["no_new_privs"] == 1
    assert first["ipc"] != second["ipc"]
    assert first["numpy"] != second["numpy"], "forked kernels share NumPy's random state"
    assert first["random"] != second["random"]


def test_the_kernels_template_is_out_of_reach():
    (out,) = in_kernels(
        [
            "import ipykernel.connect, os, socket\n"
            "ipc = os.path.dirname(os.path.dirname(ipykernel.connect.get_connection_file()))\n"
            f"path = os.path.join(ipc, {template.SOCKET!r})\n"
            "s = socket.socket(socket.AF_UNIX)\n"
            "try:\n"
            "    s.connect(path)\n"
            "    print('connected')\n"
            "except OSError as error:\n"
            "    print(type(error).__name__)\n"
        ]
    )
    assert out.strip() == "FileNotFoundError", out
    # The template's own socket exists, for the grader, where no kernel looks.
    assert os.path.exists(os.path.join(template.TEMPLATE.folder, template.SOCKET))


def _processes_of(uid: int) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}").st_uid == uid:
                found.append(int(pid))
        except FileNotFoundError:
            pass
    return found


def test_killing_a_kernel_ends_every_process_it_started():
    if os.geteuid() != 0:
        pytest.skip("only as root does each kernel have a uid of its own to look for")

    async def main():
        km, kc = await start()
        try:
            out = await run(
                kc,
                "import os, subprocess\n"
                "for _ in range(3):\n"
                "    subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
                "print(os.getuid())\n",
            )
        finally:
            await stop(km, kc)
        return int(out)

    uid = asyncio.run(main())
    assert uid >= sandbox.UID_BASE
    assert _processes_of(uid) == [], "processes of the kernel outlived it"


def test_a_kernel_that_exits_is_seen_dead():
    async def main():
        km, kc = await start()
        try:
            kc.execute("import os; os._exit(3)")
            for _ in range(100):
                if not await km.is_alive():
                    return True
                await asyncio.sleep(0.1)
            return False
        finally:
            await stop(km, kc)

    assert asyncio.run(main())


def test_a_template_that_died_is_started_again():
    in_kernels(["print(1)"])
    old = template.TEMPLATE.process
    old.send_signal(signal.SIGKILL)
    old.wait()
    (out,) = in_kernels(["print(6 * 7)"])
    assert out.strip() == "42"
    assert template.TEMPLATE.process is not old


def test_the_forked_kernel_handle_reads_the_templates_reports():
    ours, theirs = socket.socketpair()
    kernel = template.ForkedKernel(ours, 17, b"")
    assert kernel.poll() is None
    with pytest.raises(subprocess.TimeoutExpired):
        kernel.wait(timeout=0.05)
    kernel.send_signal(signal.SIGINT)  # not forwarded: interrupts go over the control channel
    kernel.kill()
    assert theirs.recv(64) == b"kill\n"
    theirs.sendall(json.dumps({"exit": 137}).encode() + b"\n")
    assert kernel.wait(timeout=5) == 137
    kernel.kill()  # after the end: nothing to send, no error
    theirs.close()

    ours, theirs = socket.socketpair()
    gone = template.ForkedKernel(ours, 18, b"")
    theirs.close()  # the template itself died: so did its kernels
    assert gone.wait(timeout=5) == -signal.SIGKILL


def test_grading_through_the_template_scores_like_a_sandbox_per_kernel(tmp_path):
    assignment = "a00-warmup"
    grade_id, wrong = next(iter(known_wrong.load(assignment).items()))
    submissions = {"right": {}, "wrong": {grade_id: wrong[0].source}, "blank": None}
    scores = {}
    for mode in ("template", "own"):
        course = gt.copy_course(tmp_path / mode)
        course.generate(assignment)
        if mode == "own":
            with open(course.root / "nbgrader_config.py", "a", encoding="utf-8") as config:
                config.write("\nc.GradingKernelManager.template = False\n")
        names = [p.stem for p in gt.release_notebooks(assignment, course.root)]
        for student, replace in submissions.items():
            if replace is None:
                nbs = {
                    n: gt.read(course.root / "assignments" / assignment / f"{n}.ipynb")
                    for n in names
                }
            else:
                nbs = {
                    n: gt.filled_release(assignment, n, replace, root=course.root) for n in names
                }
            course.submit(student, assignment, nbs)
        course.nbgrader("autograde", assignment, "--force")
        scores[mode] = course.grades(assignment)
    assert scores["template"] == scores["own"]
    assert set(scores["template"]) == set(submissions)


def test_a_bad_request_does_not_stop_the_template():
    in_kernels(["print(1)"])
    process = template.TEMPLATE.process
    for garbage in (b"not json\n", b'{"runtime_dir": 7}\n', b""):
        with socket.socket(socket.AF_UNIX) as line:
            line.connect(os.path.join(template.TEMPLATE.folder, template.SOCKET))
            line.sendall(garbage)
            line.shutdown(socket.SHUT_WR)
            line.settimeout(30)
            try:
                line.recv(4096)  # a refused request, or a kernel that could not start
            except OSError:
                pass
    (out,) = in_kernels(["print(6 * 7)"])
    assert out.strip() == "42"
    assert template.TEMPLATE.process is process and process.poll() is None


def test_what_the_template_imports_starts_no_thread():
    """A fork copies only the forking thread: the template must have no other."""
    from crmlab.autograde import launch, spares

    wanted = list(template.PRELOAD)
    for assignment in gt.ASSIGNMENT_IDS:
        for path in gt.release_notebooks(assignment):
            for name in spares.preload_modules(gt.read(path)):
                if name.split(".")[0] in template.PRELOADABLE and name not in wanted:
                    wanted.append(name)
    assert "sklearn.linear_model" in wanted  # a05's model, imported by a locked cell
    code = (
        "import importlib, sys, threading\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    assert threading.active_count() == 1, name\n"
    )
    env = dict(os.environ, **{name: "1" for name in launch.SINGLE_THREAD})
    result = subprocess.run(
        [sys.executable, "-c", code, *wanted], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
