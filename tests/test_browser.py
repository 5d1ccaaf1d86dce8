"""A student's first minutes, in a real browser.

JupyterLab runs on a temporary copy of the course, Debian's Chromium drives
it: open notebook 01, run every cell from the menu, check that nothing
failed, that plots and widgets render, and that moving a slider of the CLV
calculator shows the value crmlab computes; then run every other unit
notebook the same way, and open the nbgrader assignment list and formgrader.

Screenshots go to artifacts/browser/. A failure names the step, the
screenshot, the browser console errors and the end of the server log.
"""

import re
import shutil
import subprocess

import pytest

from crmlab.value import clv, group_clv, retention_clv
from tests.browser_tools import (
    ARTIFACTS,
    BIN,
    CHROMIUM,
    INSTALL_HINT,
    ROOT,
    LabServer,
    Session,
    artifact_path,
    click_menu,
    control,
    count_outputs,
    error_outputs,
    explorer,
    launch_chromium,
    move_slider,
    open_notebook,
    rendered_images,
    result_text,
    run_all_cells,
    save_and_read,
    slider_value,
    stray_math,
    temp_workdir,
    text_value,
    visible_dialogs,
    wait_until,
    widget_outputs,
)
from tests.notebook_tools import NOTEBOOKS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK_01 = "notebooks/01-customer-value.ipynb"
OTHER_NOTEBOOKS = [p for p in NOTEBOOKS if p.name != "01-customer-value.ipynb"]
WARMUP = "a00-warmup"


def _money(x: float) -> str:
    """The number format of crmlab.widgets results: thousands separators, 2 decimals."""
    return f"{x:,.2f}"


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server on a copy of the course, with the warm-up released."""
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_HINT)
    workdir = temp_workdir()
    # The log outlives the temporary folder, for the failure reports that name it.
    server = LabServer(workdir, log=ARTIFACTS / "jupyter-lab.log")
    release = None
    if (server.course / "assignments" / WARMUP).is_dir():
        # What the instructor does before class: put the warm-up in the exchange.
        # It runs while the server starts.
        release = subprocess.Popen(
            [str(BIN / "nbgrader"), "release_assignment", WARMUP],
            cwd=server.course,
            env=server.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        with server:
            if release is not None:
                output, _ = release.communicate(timeout=180)
                assert release.returncode == 0, f"nbgrader release_assignment failed:\n{output}"
            yield server
    finally:
        if release is not None and release.poll() is None:
            release.kill()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def session(browser, lab, request):
    """A fresh browser context and page; kernels are shut down afterwards."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    # Names a JupyterLab workspace and the screenshots: letters, digits, "-" and "_".
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name.removeprefix("test_")).strip("-")
    artifact_path(f"{name}-FAILED").unlink(missing_ok=True)
    yield Session(page, lab, name)
    context.close()
    lab.shutdown_kernels()


def open_and_run(session: Session, path: str):
    """Open ``path``, run all cells, save; check nothing failed. Returns (panel, saved nb)."""
    page = session.page
    with session.step(f"open {path} and connect its kernel"):
        panel = open_notebook(page, session.server, path, workspace=session.name)
        session.shot("1-opened")
        dialogs = visible_dialogs(page)
        assert not dialogs, f"a dialog opened with the notebook (kernel picker?): {dialogs}"
        kernel = panel.locator(".jp-KernelName").inner_text().strip()
        assert kernel.startswith("Python 3"), f"the toolbar shows kernel {kernel!r}"
    with session.step(f"Run > Run All Cells in {path}"):
        prompts = run_all_cells(page)
        session.shot("2-ran")
    with session.step(f"save {path} and read its outputs"):
        nb = save_and_read(page, session.server, path)
    with session.step(f"check the outputs of {path}"):
        errors = error_outputs(nb)
        assert not errors, f"cells raised errors: {errors}"
        expected = [f"[{n}]:" for n in range(1, len(prompts) + 1)]
        assert prompts == expected, f"not every cell ran once, in order: {prompts}"
        counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
        assert counts == list(range(1, len(counts) + 1)), f"saved execution counts: {counts}"
        assert not visible_dialogs(page), f"a dialog is open: {visible_dialogs(page)}"
    with session.step(f"check that the plots and widgets of {path} render"):
        images = rendered_images(panel)
        broken = [i for i, image in enumerate(images) if not image["ok"]]
        assert not broken, f"images {broken} of {len(images)} did not load"
        pngs = count_outputs(nb, "image/png")
        assert len(images) >= pngs, f"{pngs} PNG outputs but {len(images)} images shown"
        widgets = widget_outputs(panel)
        assert not widgets["broken"], f"widgets failed to render: {widgets['broken']}"
        views = count_outputs(nb, "application/vnd.jupyter.widget-view+json")
        assert widgets["rendered"] >= views, f"{views} widget outputs, {widgets} rendered"
    return panel, nb


def check_markdown_and_console(session: Session, panel, path: str) -> None:
    """No prose was typeset as math, and the browser logged no error all along."""
    with session.step(f"check the rendered markdown of {path}"):
        stray = stray_math(panel)
        assert not stray, (
            f"text between two '$' signs is typeset as math; write the dollar "
            f"signs as '\\$' (or use 'USD'): {stray}"
        )
    with session.step(f"check the browser console while {path} ran"):
        assert not session.log.errors, "the browser logged errors"


def test_notebook_01_runs_and_its_clv_widget_responds(session):
    if not (ROOT / NOTEBOOK_01).exists():
        pytest.skip(f"{NOTEBOOK_01} does not exist yet")
    page = session.page
    panel, _ = open_and_run(session, NOTEBOOK_01)

    with session.step("notebook 01 shows a plot and the CLV calculator"):
        assert len(rendered_images(panel)) >= 1, "no plot was rendered"
        assert panel.locator(".widget-slider").count() >= 1, "no slider was rendered"
        widget = explorer(panel, "Customer lifetime value")
        widget.scroll_into_view_if_needed()
        margin = text_value(control(widget, "Yearly margin"))
        cost = text_value(control(widget, "Acquisition cost"))
        rate = slider_value(control(widget, "Discount rate"))
        years_slider = control(widget, "Horizon T")
        years = round(slider_value(years_slider))
        first = result_text(widget)
        expected = f"CLV: {_money(clv([margin] * years, rate, acquisition_cost=cost))}"
        assert expected in first, f"expected {expected!r} in the result {first!r}"
        chart = widget.locator(".widget-output img").first.get_attribute("src")

    with session.step("ArrowRight on the horizon slider recomputes the CLV"):
        move_slider(years_slider, "ArrowRight")
        wait_until(lambda: result_text(widget) != first, 30, "the CLV result", page=page)
        assert round(slider_value(years_slider)) == years + 1
        expected = f"CLV: {_money(clv([margin] * (years + 1), rate, acquisition_cost=cost))}"
        shown = result_text(widget)
        session.shot("3-horizon-moved")
        assert expected in shown, f"T {years} -> {years + 1}: expected {expected!r} in {shown!r}"
        wait_until(
            lambda: widget.locator(".widget-output img").first.get_attribute("src") != chart,
            30,
            "the CLV chart to be redrawn",
            page=page,
        )

    with session.step("ArrowLeft on the churn slider moves retention and the group CLV"):
        churn_slider = control(widget, "Churn rate")
        retention_slider = control(widget, "Retention rate")
        before = result_text(widget)
        move_slider(churn_slider, "ArrowLeft")
        wait_until(lambda: result_text(widget) != before, 30, "the group CLV", page=page)
        churn = slider_value(churn_slider)
        retention = slider_value(retention_slider)
        assert retention == pytest.approx(1 - churn), (churn, retention)
        shown = result_text(widget)
        group = f"Group CLV (Dwyer): {_money(group_clv(margin, churn, rate))}"
        kept = f"Retention CLV: {_money(retention_clv(margin, retention, rate))}"
        session.shot("4-clv-widget", widget)
        assert group in shown and kept in shown, f"expected {group!r}, {kept!r} in {shown!r}"

    check_markdown_and_console(session, panel, NOTEBOOK_01)


@pytest.mark.parametrize("path", OTHER_NOTEBOOKS, ids=lambda p: p.stem)
def test_unit_notebook_runs_and_renders_in_the_browser(session, path):
    relative = str(path.relative_to(ROOT))
    panel, _ = open_and_run(session, relative)
    check_markdown_and_console(session, panel, relative)


def test_nbgrader_assignment_list_and_formgrader_load(session):
    page = session.page
    server = session.server
    with session.step("open JupyterLab and find the Nbgrader menu"):
        page.goto(server.lab_url(session.name))
        menu = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Nbgrader")
        menu.wait_for(timeout=120_000)
        menu.click()
        page.locator('.lm-Menu-content .lm-Menu-item[data-command^="nbgrader:"]').first.wait_for()
        items = page.locator(".lm-Menu-content .lm-Menu-itemLabel").all_inner_texts()
        page.keyboard.press("Escape")
        assert {"Assignment List", "Formgrader"} <= set(items), items

    with session.step("Nbgrader > Assignment List shows the released warm-up"):
        click_menu(page, "Nbgrader", "nbgrader:open-assignment-list")
        released = page.locator("#released_assignments_list")
        released.wait_for()
        lists = page.locator("#assignments .list_container")
        outbound = list((server.course / "grading" / "exchange").glob(f"*/outbound/{WARMUP}"))
        if outbound:
            released.locator(".list_item", has_text=WARMUP).wait_for()
        else:
            released.locator(".list_placeholder").wait_for()
        assert lists.locator(".list_error:visible").count() == 0, lists.inner_text()
        version = page.locator("#assignments .version_error").inner_text().strip()
        assert not version, version
        session.shot("1-assignment-list")

    if outbound:
        with session.step("Fetch puts the warm-up in the student's folder"):
            released.locator(".list_item", has_text=WARMUP).locator("button").click()
            page.locator("#fetched_assignments_list .list_item", has_text=WARMUP).first.wait_for()
            course_id = outbound[0].parts[-3]
            fetched = list((server.course / course_id / WARMUP).glob("*.ipynb"))
            assert fetched, f"no notebook in {server.course / course_id / WARMUP}"
            assert lists.locator(".list_error:visible").count() == 0, lists.inner_text()
            session.shot("2-fetched")

    with session.step("Nbgrader > Formgrader lists the course's assignments"):
        click_menu(page, "Nbgrader", "nbgrader:open-formgrader")
        frame = page.frame_locator("iframe[src*='formgrader']").first
        row = frame.locator("#main-table tr", has_text=WARMUP)
        error = frame.locator("[id^='error-']")  # nbgrader's error page
        row.or_(error).first.wait_for(timeout=120_000)
        assert not error.count(), frame.locator("body").inner_text()
        alerts = frame.locator(".alert-warning:visible, .alert-danger:visible").all_inner_texts()
        assert not alerts, f"formgrader warns: {alerts}"
        modals = frame.locator(".modal:visible").all_inner_texts()
        assert not modals, f"formgrader shows a dialog: {modals}"
        session.shot("3-formgrader")
