"""The grading sandbox from inside: what a student kernel can do to the machine.

Each test starts real sandboxed kernels with the course's own kernel manager
(:class:`crmlab.autograde.GradingKernelManager`) and runs a few lines in them,
as student code would. Run as root, every kernel gets a uid of its own
(``crmlab.autograde.sandbox.UidLease``) and no user namespace; as an ordinary
user, the kernel is ``nobody`` in a user namespace. The tests that only mean
something for one of the two say so when they skip.
"""

from __future__ import annotations

import itertools
import json
import os
import sys

import pytest

from crmlab import autograde
from crmlab.autograde import launch, sandbox
from tests.kernel_tools import (
    in_kernels,
    sandbox_available,  # noqa: F401 (autouse)
)

pytestmark = pytest.mark.grading

ROOT_ONLY = "only a grader running as root gives each kernel a uid of its own"


IDENTITY = (
    "import json, os\n"
    "print(json.dumps([os.getresuid(), os.getresgid(), os.getgroups(), "
    "open('/proc/self/status').read().split('CapBnd:')[1].split()[0]]))"
)


def test_the_kernel_runs_unprivileged():
    (out,) = in_kernels([IDENTITY])
    uids, gids, groups, bounding = json.loads(out)
    assert 0 not in uids + gids, (uids, gids)
    assert len(set(uids)) == 1 and groups == []
    assert int(bounding, 16) == 0, "the kernel keeps capabilities in its bounding set"
    if os.geteuid() == 0:
        assert sandbox.UID_BASE <= uids[0] < sandbox.UID_BASE + sandbox.UID_SLOTS
        assert gids == uids


def test_two_kernels_get_different_uids_and_cannot_signal_each_other():
    if os.geteuid() != 0:
        pytest.skip(ROOT_ONLY)
    first, second = in_kernels([IDENTITY, IDENTITY])
    assert json.loads(first)[0][0] != json.loads(second)[0][0]


def test_a_fork_bomb_is_contained_by_the_process_limit():
    # As an ordinary user the limit counts all of that user's processes (the
    # kernel's threads too): keep the course's default there.
    limit = 16 if os.geteuid() == 0 else 64
    bomb = (
        "import os, time\n"
        "children = 0\n"
        "try:\n"
        "    while children < 500:\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(60)\n"
        "            os._exit(0)\n"
        "        children += 1\n"
        "except OSError as error:\n"
        "    print(children, type(error).__name__)\n"
    )
    (out,) = in_kernels([bomb], processes=limit)
    children, error = out.split()
    assert error == "BlockingIOError", out
    # The kernel's own threads count too; as root, the limit counts this kernel alone.
    assert int(children) < limit
    if os.geteuid() == 0:
        assert int(children) > 0


def test_the_kernel_writes_only_to_its_tmpfs_and_its_ipc_folder():
    scan = (
        "import json, os\n"
        "writable = []\n"
        "for top in sorted(os.listdir('/')):\n"
        "    if top in ('proc', 'sys'):\n"
        "        continue\n"
        "    for folder, dirs, files in os.walk('/' + top):\n"
        "        if os.access(folder, os.W_OK):\n"
        "            writable.append(folder)\n"
        "            dirs[:] = []\n"
        "print(json.dumps(writable))\n"
    )
    (out,) = in_kernels([scan])
    writable = json.loads(out)
    allowed = (sandbox.HOME, "/tmp")
    for folder in writable:
        inside = any(folder == a or folder.startswith(a + "/") for a in allowed)
        assert inside, f"the kernel can write to {folder}"
    assert sandbox.HOME in writable and "/tmp" in writable


def test_the_kernel_cannot_write_to_the_runtime_or_the_course():
    import crmlab

    targets = [sys.prefix, os.path.dirname(crmlab.__file__), "/usr/lib", "/etc", "/"]
    probe = (
        "import json\n"
        "result = {}\n"
        f"for folder in {targets!r}:\n"
        "    try:\n"
        "        open(folder + '/crmlab-was-here', 'w').close()\n"
        "        result[folder] = 'written'\n"
        "    except OSError as error:\n"
        "        result[folder] = type(error).__name__\n"
        "print(json.dumps(result))\n"
    )
    (out,) = in_kernels([probe])
    result = json.loads(out)
    assert "written" not in result.values(), result
    for folder in targets:
        assert not os.path.exists(os.path.join(folder, "crmlab-was-here"))


def test_the_sandbox_as_root_has_no_user_namespace_and_names_the_uid():
    cmd = sandbox.sandbox_command(
        ["python"],
        bwrap="bwrap",
        runtime_dir="/tmp/run",
        disk_size=2**20,
        launch_options=[],
        uid=sandbox.UID_BASE + 7,
    )
    assert "--unshare-user" not in cmd and "--unshare-all" not in cmd
    for flag in ("--unshare-pid", "--unshare-net", "--unshare-ipc", "--die-with-parent"):
        assert flag in cmd
    split = cmd.index("crmlab.autograde.launch")
    assert cmd[split:].index("--uid") < cmd[split:].index("--")
    assert str(sandbox.UID_BASE + 7) in cmd[split:]
    user = sandbox.sandbox_command(
        ["python"],
        bwrap="bwrap",
        runtime_dir="/tmp/run",
        disk_size=2**20,
        launch_options=[],
    )
    assert "--unshare-user" in user and "--uid" not in user[user.index("crmlab.autograde.launch") :]
    assert ("--cap-drop", "ALL") in set(itertools.pairwise(user))


def test_the_template_keeps_capabilities_only_as_root():
    """As root the template gives each fork its namespaces and uid; as a user it needs none."""
    common = {"bwrap": "bwrap", "folder": "/tmp/t", "disk_size": 2**20}
    root = set(itertools.pairwise(sandbox.template_command(root_mode=True, **common)))
    user = set(itertools.pairwise(sandbox.template_command(root_mode=False, **common)))
    assert ("--cap-add", "ALL") in root and ("--unshare-user", "--uid") not in root
    assert ("--cap-drop", "ALL") in user and ("--cap-add", "ALL") not in user
    assert ("--bind", "/tmp/t") in root and ("--bind", "/tmp/t") in user


def test_uid_leases_are_distinct_and_freed():
    first, second = sandbox.UidLease(), sandbox.UidLease()
    try:
        assert first.uid != second.uid
    finally:
        uid = first.uid
        first.release()
        second.release()
    again = sandbox.UidLease()
    try:
        assert again.uid <= uid  # the lowest free slot
    finally:
        again.release()


def test_the_launcher_refuses_a_uid_unless_root():
    if os.geteuid() == 0:
        pytest.skip("root may drop to a uid; the refusal is for ordinary users")
    with pytest.raises(SystemExit, match="needs root"):
        launch.launch(["--uid", "420000", "--", "true"])


# ---------------------------------------------------------------------------
# Spare kernels (crmlab.autograde.spares): fresh, single-use, started ahead
# ---------------------------------------------------------------------------
def _notebook(*sources: str, locked: str = ""):
    import nbformat

    cells = [nbformat.v4.new_code_cell(s) for s in sources]
    if locked:
        cell = nbformat.v4.new_code_cell(locked)
        cell.metadata["nbgrader"] = {
            "locked": True,
            "solution": False,
            "grade": False,
            "grade_id": "setup",
        }
        cells.insert(0, cell)
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return nb


def _resources(folder, nb) -> dict:
    """What nbgrader hands GradingExecute: the folder, and a gradebook with the locked cells."""
    from nbgrader.api import Gradebook

    db_url = f"sqlite:///{folder.parent / (folder.name + '-gradebook.db')}"
    with Gradebook(db_url) as gradebook:
        gradebook.add_assignment("a")
        gradebook.update_or_create_notebook("nb", "a")
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("locked"):
                gradebook.update_or_create_source_cell(
                    meta["grade_id"], "nb", "a", source=cell.source, cell_type="code", locked=True
                )
    return {
        "metadata": {"path": str(folder)},
        "nbgrader": {"db_url": db_url, "notebook": "nb", "assignment": "a"},
    }


def _outputs(cell) -> str:
    return "".join(o.get("text", "") or f"{o.get('ename')}" for o in cell.outputs)


def test_each_submission_gets_a_fresh_kernel_with_its_own_files(tmp_path):
    from crmlab.autograde import spares

    execute = autograde.GradingExecute(spare_kernels=1)
    folders = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / f"{name}.csv").write_text("x\n1\n")
        (folder / "data").mkdir()
        (folder / "data" / "inner.txt").write_text(name)
        (folder / f"{name}.ipynb").write_text("{}")  # nbgrader's copy: hidden tests inside
        (folder / "link.csv").symlink_to("/etc/hostname")  # a student's link: never followed
        folders.append(folder)
    look = (
        "import os, sys\n"
        "print(sorted(os.listdir('.')), open('data/inner.txt').read(), "
        "'statistics' in sys.modules, 'statistics' in globals())"
    )
    first = _notebook("LEAK = 1", look, locked="import statistics")
    execute.preprocess(first, _resources(folders[0], first))
    assert len(spares.SPARES.idle) == 1, "no kernel was started ahead"
    spare = spares.SPARES.idle[0]
    second = _notebook("print(LEAK)", look)
    execute.preprocess(second, _resources(folders[1], second))
    assert "NameError" in _outputs(second.cells[0]), "a kernel was used twice"
    # The spare imported what the first notebook's locked cells import, and bound nothing.
    assert _outputs(second.cells[1]).split("] ")[1].split() == ["second", "True", "False"]
    assert "'second.csv'" in _outputs(second.cells[1])
    assert ".ipynb" not in _outputs(second.cells[1])
    assert "link.csv" not in _outputs(second.cells[1])
    assert not run_alive(spare), "the kernel of a graded submission is still running"
    spares.SPARES.close()
    assert spares.SPARES.idle == []


def run_alive(km) -> bool:
    from jupyter_core.utils import run_sync

    return km.has_kernel and run_sync(km.is_alive)()


def test_no_spare_kernels_means_one_kernel_per_submission(tmp_path):
    from crmlab.autograde import spares

    spares.SPARES.close()
    execute = autograde.GradingExecute(spare_kernels=0)
    nb = _notebook("print(1 + 1)")
    execute.preprocess(nb, _resources(tmp_path, nb))
    assert _outputs(nb.cells[0]) == "2\n"
    assert spares.SPARES.idle == []


def test_preload_reads_only_the_instructors_cells():
    import nbformat

    from crmlab.autograde import spares

    answer = nbformat.v4.new_code_cell("import scipy\nimport os")
    answer.metadata["nbgrader"] = {"solution": True, "locked": False}
    nb = _notebook(locked="import numpy as np\nimport os\nfrom crmlab.grading import assert_close")
    nb.cells.append(answer)
    assert spares.preload_modules(nb) == ["numpy", "crmlab.grading"]
