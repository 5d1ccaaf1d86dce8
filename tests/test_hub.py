"""A class on a JupyterHub, end to end, with real system users (run as root).

deploy/setup.sh sets up a course server in a temporary folder (run twice: it
is idempotent), and deploy/add_users.py adds one instructor, one grader (TA)
and three students (from a Canvas-style roster CSV), each a throw-away system
user with a password. The hub runs deploy/jupyterhub_config.py on 127.0.0.1
with free ports. Everything then goes through HTTP, as each person, with
their password and their own API token:

- the instructor generates and releases a00-warmup in formgrader;
- ann and cat fetch it through their own server's Assignment List API, fill
  it (ann with the solution, cat with two known-wrong answers from
  tests/known_wrong) through the contents API, and submit it; bob logs in
  with Chromium, fetches and submits from Nbgrader > Assignment List without
  filling anything in (screenshots in artifacts/hub/);
- the grader collects, autogrades each student, generates and releases
  feedback in formgrader, and runs ``nbgrader autograde`` in formgrader's
  JupyterLab; each student fetches their feedback;
- a student's kernel tries to read what it must not; deploy/backup.sh backs
  up; the LTI 1.3 configuration logs in a made-up LMS launch.

The module fixture runs the round once and keeps what each step returned and
how long it took (artifacts/hub/timings.json); each test checks one
property. At the end (also after a failure) the hub stops and every user,
group, process and folder it made is removed. The round takes about a
minute and a half, plus a minute or two the first time, when setup.sh
builds the Python environment (kept in /var/tmp/crmlab-hub-test/env).
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import json
import sys
import tarfile

import nbformat
import pytest

from tests import grading_tools as gt
from tests.browser_tools import CHROMIUM, Session, click_menu, launch_chromium, wait_until
from tests.hub_tools import ARTIFACTS, COURSE_ID, SERVICE, CourseHub, HubClient, cannot_run
from tests.known_wrong.a00_warmup import KNOWN_WRONG
from tests.test_grading_workflow import HIDDEN_CODE

pytestmark = [pytest.mark.hub, pytest.mark.slow]

ID = NB = "a00-warmup"
FULL = 8.0  # auto-graded points of a00-warmup
FETCHED = f"{COURSE_ID}/{ID}/{NB}.ipynb"  # in a student's home, as fetched
PARTLY = {  # cat's answers: two known-wrong cells, each losing two 1-point tests
    "negative_value_share": "percentage instead of fraction",
    "value_index": "inverted ratio",
}
EXPECTED_CODE_SCORE = {"ann": FULL, "bob": 0.0, "cat": FULL - 4}


def wrong(grade_id: str, description: str) -> str:
    (entry,) = [w for w in KNOWN_WRONG[grade_id] if w.description == description]
    return entry.source


def filled(fetched: dict, replacements: dict[str, str]) -> dict:
    """The fetched notebook with every answer cell filled: the solution, or a replacement."""
    answers = {
        gt.nbgrader_meta(c)["grade_id"]: gt.without_solution_markers(c.source)
        for c in gt.read(gt.ROOT / "solutions" / ID / f"{NB}.ipynb").cells
        if gt.nbgrader_meta(c).get("solution")
    }
    nb = nbformat.from_dict(copy.deepcopy(fetched))
    for cell in nb.cells:
        meta = gt.nbgrader_meta(cell)
        if meta.get("solution"):
            cell.source = replacements.get(meta["grade_id"], answers[meta["grade_id"]])
    return nb


def gradebook_students(hub: CourseHub) -> dict[str, tuple[str, str, str]]:
    """id -> (first name, last name, e-mail) of the students in the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{hub.course / 'grading' / 'gradebook.db'}", COURSE_ID) as gb:
        return {s.id: (s.first_name, s.last_name, s.email) for s in gb.students}


def gradebook_scores(path) -> dict[str, float]:
    """student -> code score of a00-warmup in the gradebook at ``path``."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{path}", COURSE_ID) as gb:
        return {s.student.id: s.code_score for s in gb.find_assignment(ID).submissions}


# Loads jupyterhub_config.py as the hub does, with CRMLAB_AUTH=lti13, and logs
# in an LMS launch (an LTI 1.3 id_token) whose e-mail names a student.
LTI_CHECK = """
import asyncio, json
from traitlets.config.loader import PyFileConfigLoader
config = PyFileConfigLoader("jupyterhub_config.py", path=".").load_config()
authenticator = config.JupyterHub.authenticator_class(config=config)
token = {"email": %r, "sub": "12345"}
model = asyncio.run(authenticator.authenticate(None, token))
print(json.dumps({
    "class": type(authenticator).__mro__[2].__name__,
    "issuer": authenticator.issuer,
    "model": model,
}))
"""


def lab_disabled_extensions(person: HubClient, path: str) -> set[str]:
    """The nbgrader plug-ins that JupyterLab at ``path`` switches off (its page config)."""
    html = person.call("GET", path).text
    data = html.split('id="jupyter-config-data" type="application/json">', 1)[1]
    config = json.loads(data.split("</script>", 1)[0])
    return {name for name in config.get("disabledExtensions", []) if "nbgrader" in name}


# Runs nbgrader as the formgrader service's user, in its folder, as a terminal would.
CLI_AUTOGRADE = """
import getpass, json, os, subprocess
done = subprocess.run(
    ["nbgrader", "autograde", %r, "--student", %r, "--force"],
    capture_output=True, text=True,
)
print(json.dumps({"user": getpass.getuser(), "cwd": os.getcwd(),
                  "returncode": done.returncode, "log": done.stderr[-2000:]}))
"""


class HubSession(Session):
    """A browser page on the hub; screenshots go to artifacts/hub/."""

    def shot(self, label: str, element=None):
        path = ARTIFACTS / f"{self.name}-{label}.png"
        (element or self.page).screenshot(path=str(path))
        self.screenshots.append(path)
        return path


# Reads, as the student, what a student must not read; and their own notebook.
PROBE = """
import json, os
result = {}
for what, path in json.loads(%r).items():
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, "rb").read(1)
        result[what] = "read"
    except PermissionError:
        result[what] = "denied"
    except FileNotFoundError:
        result[what] = "missing"
print(json.dumps(result))
"""


def browser_round(hub: CourseHub, name: str, out: dict) -> None:
    """bob, in Chromium: log in, Nbgrader > Assignment List, fetch, submit; try formgrader."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        page = chromium.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page.set_default_timeout(60_000)
        session = HubSession(page, hub, "student")
        with session.step("log in on the hub's login page"):
            page.goto(f"{hub.url}/hub/login")
            page.fill("#username_input", name)
            page.fill("#password_input", hub.passwords[name])
            session.shot("1-login")
            page.click("#login_submit")
            page.locator("#jp-MainMenu").wait_for(timeout=120_000)
            out["browser_url"] = page.url
        with session.step("the Nbgrader menu of a student"):
            page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Nbgrader").click()
            page.locator(
                '.lm-Menu-content .lm-Menu-item[data-command^="nbgrader:"]'
            ).first.wait_for()
            out["browser_menu"] = page.locator(
                ".lm-Menu-content .lm-Menu-itemLabel"
            ).all_inner_texts()
            session.shot("2-nbgrader-menu")
            page.keyboard.press("Escape")
        with session.step("Nbgrader > Assignment List shows the released warm-up"):
            click_menu(page, "Nbgrader", "nbgrader:open-assignment-list")
            released = page.locator("#released_assignments_list .list_item", has_text=ID)
            released.wait_for()
            session.shot("3-assignment-list")
        with session.step("Fetch"):
            released.locator("button", has_text="Fetch").click()
            fetched = page.locator("#fetched_assignments_list .list_item", has_text=ID).first
            fetched.wait_for()
            session.shot("4-fetched")
        with session.step("Submit"):
            fetched.locator("button", has_text="Submit").click()
            page.locator("#submitted_assignments_list .list_item", has_text=ID).first.wait_for()
            session.shot("5-submitted")
        with session.step("formgrader refuses a student"):
            response = page.goto(f"{hub.url}/services/{SERVICE}/formgrader")
            out["browser_formgrader_status"] = response.status
            session.shot("6-formgrader-refused")
        chromium.close()


@pytest.fixture(scope="module")
def hub():
    reason = cannot_run()
    if reason:
        pytest.skip(reason)
    course_hub = CourseHub()
    try:
        yield course_hub
    finally:
        course_hub.close()


@pytest.fixture(scope="module")
def round_(hub):
    """One release-to-feedback round; what each step gave, and its time in seconds."""
    out = {}
    tag = hub.tag
    prof, ta = f"{tag}-prof", f"{tag}-ta"
    students = {s: f"{tag}-{s}" for s in ("ann", "bob", "cat")}
    with hub.timed("setup.sh (environment kept between runs)"):
        hub.setup()
    with hub.timed("add_users.py: instructor, grader, roster of 3 students"):
        hub.add_users("instructor", prof)
        hub.add_users("grader", ta)
        roster = hub.work / "roster.csv"
        with roster.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"])
            writer.writerow(["Points Possible", "", "", "", ""])
            for i, (short, login) in enumerate(students.items()):
                writer.writerow([f"Student, {short.title()}", i, i, f"{login}@uni.test", "A"])
        hub.add_users("student", str(roster))
    with hub.timed("setup.sh and add_users.py again (idempotent)"):
        # An instructor's edit of the course survives a second run of setup.sh.
        edited = hub.course / "solutions" / "edited-by-instructor.txt"
        edited.write_text("keep me")
        hub.setup()
        out["edit_kept"] = edited.read_text() == "keep me"
        edited.unlink()
        out["second_roster_passwords"] = hub.add_users("student", str(roster))
        out["gradebook_students"] = gradebook_students(hub)
    with hub.timed("hub start"):
        hub.start()
    with hub.timed("log in 5 people (PAM) and get API tokens"):
        people = {p: HubClient(hub, p).login() for p in (prof, ta, *students.values())}
    teacher, grader = people[prof], people[ta]
    ann, bob, cat = (people[students[s]] for s in ("ann", "bob", "cat"))
    out.update(hub=hub, people=people, students=students)

    with hub.timed("start 3 students' servers"):
        for student in (ann, bob, cat):
            student.start_server()
        for student in (ann, bob, cat):
            wait_until(student.server_ready, 180, f"the server of {student.name}")

    with hub.timed("instructor: generate and release in formgrader"):
        wait_until(
            lambda: teacher.formgrader("GET", "/api/status", ok=False).status_code == 200,
            120,
            "formgrader to answer",
        )
        out["assign"] = teacher.formgrader("POST", f"/api/assignment/{ID}/assign").json()
        out["release"] = teacher.formgrader("POST", f"/api/assignment/{ID}/release").json()

    with hub.timed("ann and cat: fetch, fill, submit (API)"):
        out["listed"] = cat.assignments()
        for student, replacements in (
            (ann, {}),
            (cat, {k: wrong(k, v) for k, v in PARTLY.items()}),
        ):
            student.assignments("fetch", ID)
            nb = student.read(FETCHED)["content"]
            out.setdefault("fetched", {})[student.name] = nb
            student.write_notebook(FETCHED, filled(nb, replacements))
            out.setdefault("submitted", {})[student.name] = student.assignments("submit", ID)

    if CHROMIUM.exists():
        with hub.timed("bob in Chromium: log in, fetch, submit"):
            browser_round(hub, bob.name, out)
    else:
        bob.assignments("fetch", ID)
        bob.assignments("submit", ID)
    out["fetched"][bob.name] = bob.read(FETCHED)["content"]

    with hub.timed("grader: collect"):
        out["collect"] = grader.formgrader("POST", f"/api/assignment/{ID}/collect").json()
    with hub.timed("grader: autograde 3 submissions"):
        out["autograde"] = {
            s.name: grader.formgrader("POST", f"/api/submission/{ID}/{s.name}/autograde").json()
            for s in (ann, bob, cat)
        }
    out["submissions"] = grader.formgrader("GET", f"/api/submissions/{ID}").json()
    with hub.timed("grader: nbgrader autograde in formgrader's JupyterLab (1 student)"):
        # What INSTRUCTORS.md has graders type in formgrader's terminal.
        out["cli_autograde"] = json.loads(
            grader.run_code(CLI_AUTOGRADE % (ID, cat.name), prefix=f"/services/{SERVICE}")
        )
    with hub.timed("grader: generate and release feedback"):
        out["feedback"] = grader.formgrader(
            "POST", f"/api/assignment/{ID}/generate_feedback"
        ).json()
        out["release_feedback"] = grader.formgrader(
            "POST", f"/api/assignment/{ID}/release_feedback"
        ).json()
    with hub.timed("students: fetch feedback"):
        out["feedback_html"] = {}
        for student in (ann, bob, cat):
            student.assignments("fetch_feedback", ID)
            folder = student.read(f"{COURSE_ID}/{ID}/feedback")["content"]
            (stamp,) = [f["path"] for f in folder]
            html = student.read(f"{stamp}/{NB}.html")
            out["feedback_html"][student.name] = html["content"]

    with hub.timed("permission checks"):
        out["formgrader_status"] = {
            p.name: p.formgrader("GET", "/api/assignments", ok=False).status_code
            for p in people.values()
        }
        out["home_links_formgrader"] = {
            p.name: f"/services/{SERVICE}/" in p.http.get(f"{hub.url}/hub/home", timeout=60).text
            for p in people.values()
        }
        out["admins"] = {
            name for name, p in people.items() if p.call("GET", "/hub/api/user").json()["admin"]
        }
        out["lab_disabled"] = {
            "student": lab_disabled_extensions(cat, f"/user/{cat.name}/lab"),
            "formgrader service": lab_disabled_extensions(teacher, f"/services/{SERVICE}/lab"),
        }
        probe = {
            "own notebook": f"/home/{cat.name}/{FETCHED}",
            "another student's notebook": f"/home/{ann.name}/{FETCHED}",
            "another student's home": f"/home/{ann.name}",
            "course folder": str(hub.course),
            "solutions with hidden tests": str(hub.course / "solutions" / ID / f"{NB}.ipynb"),
            "gradebook": str(hub.course / "grading" / "gradebook.db"),
            "exchange inbound (all submissions)": str(hub.exchange / COURSE_ID / "inbound"),
        }
        out["probe_paths"] = probe
        out["probe"] = json.loads(cat.run_code(PROBE % json.dumps(probe)))
        out["other_server"] = cat.call(
            "GET", f"/user/{ann.name}/api/contents/{COURSE_ID}", ok=False
        ).status_code
        out["outside_root"] = cat.server(
            "GET", f"/api/contents/../{ann.name}/{FETCHED}", ok=False
        ).status_code
    with hub.timed("backup.sh"):
        backup = hub.backup()
        out["backup_files"] = sorted(p.name for p in backup.iterdir())
        out["backup_scores"] = gradebook_scores(backup / "gradebook.db")
        with tarfile.open(backup / "course.tar.gz") as archive:
            out["backup_members"] = set(archive.getnames())
        with (backup / "grades.csv").open(newline="") as handle:
            out["backup_csv"] = list(csv.DictReader(handle))
    with hub.timed("LTI 1.3 log-in: configuration and user mapping"):
        out["lti"] = json.loads(
            hub.python(LTI_CHECK % f"{ann.name.upper()}@Uni.Test", "LTI check", CRMLAB_AUTH="lti13")
        )
    # Files in the exchange that students can read (the feedback folder is not
    # listable, but a student who knows a file's name reads it).
    out["exchange"] = {
        str(p.relative_to(hub.exchange)): p.read_text()
        for folder in ("outbound", "feedback")
        for p in (hub.exchange / COURSE_ID / folder).rglob("*")
        if p.is_file()
    }
    (ARTIFACTS / "timings.json").write_text(json.dumps(hub.timings, indent=2))
    print("\nHub round, seconds per step:\n" + json.dumps(hub.timings, indent=2))
    return out


def test_setup_and_add_users_run_again_change_nothing(round_):
    assert round_["edit_kept"], "a second setup.sh overwrote the course folder"
    assert round_["second_roster_passwords"] == {}, "the roster again gave new passwords"


def test_the_roster_puts_the_students_in_the_gradebook(round_):
    expected = {
        login: (s.title(), "Student", f"{login}@uni.test")
        for s, login in round_["students"].items()
    }
    assert round_["gradebook_students"] == expected


def test_backup_holds_the_gradebook_the_grades_and_the_course(round_):
    names = {login: short for short, login in round_["students"].items()}
    assert round_["backup_files"] == ["course.tar.gz", "gradebook.db", "grades.csv"]
    scores = {names[s]: score for s, score in round_["backup_scores"].items()}
    assert scores == EXPECTED_CODE_SCORE
    csv_rows = {names[r["student_id"]]: float(r["raw_score"]) for r in round_["backup_csv"]}
    assert csv_rows == EXPECTED_CODE_SCORE
    assert {"course/grading/gradebook.db", f"course/solutions/{ID}/{NB}.ipynb"} <= round_[
        "backup_members"
    ]
    assert any(m.startswith(f"exchange/{COURSE_ID}/inbound/") for m in round_["backup_members"])


def test_lti_log_in_maps_the_lms_email_to_the_student_and_their_group(round_):
    lti = round_["lti"]
    ann = round_["students"]["ann"]
    assert lti["class"] == "LTI13Authenticator"
    assert lti["model"] == {
        "name": ann,
        "groups": [f"{round_['hub'].tag}-students"],
        "admin": False,
    }


def test_students_see_the_released_assignment(round_):
    listed = [a for a in round_["listed"] if a["assignment_id"] == ID]
    assert [a["status"] for a in listed] == ["released"]
    assert round_["release"]["success"], round_["release"]


def test_every_submission_is_collected_and_autograded(round_):
    students = set(round_["students"].values())
    assert round_["collect"]["success"], round_["collect"]
    for name, result in round_["autograde"].items():
        assert result["success"], f"autograde of {name}: {result}"
    graded = {s["student"] for s in round_["submissions"] if s["autograded"]}
    assert graded == students


def test_graders_run_nbgrader_in_formgrader_as_the_course_user(round_):
    hub = round_["hub"]
    cli = round_["cli_autograde"]
    assert cli["returncode"] == 0, cli["log"]
    assert (cli["user"], cli["cwd"]) == (f"{hub.tag}-formgrader", str(hub.course))


def test_scores_solution_full_blank_zero_partly_right_exact(round_):
    names = {login: short for short, login in round_["students"].items()}
    scores = {names[s["student"]]: s["code_score"] for s in round_["submissions"]}
    assert scores == EXPECTED_CODE_SCORE
    assert {s["max_code_score"] for s in round_["submissions"]} == {FULL}


def test_bob_used_the_browser(round_):
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium: bob fetched and submitted through the API")
    assert "/lab" in round_["browser_url"], round_["browser_url"]
    # Students fetch and submit; formgrader and the authoring tools are not theirs.
    menu = round_["browser_menu"]
    assert "Assignment List" in menu, menu
    assert not {"Formgrader", "Create Assignment", "Course List"} & set(menu), menu
    assert round_["browser_formgrader_status"] == 403


def test_only_instructor_and_grader_open_formgrader(round_):
    status = round_["formgrader_status"]
    tag = round_["hub"].tag
    assert status[f"{tag}-prof"] == 200
    assert status[f"{tag}-ta"] == 200
    for student in round_["students"].values():
        assert status[student] == 403, f"{student} reached formgrader: {status[student]}"


def test_formgrader_and_authoring_are_on_in_the_service_and_off_for_students(round_):
    authoring = {
        "@jupyter/nbgrader:formgrader",
        "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:course-list",
    }
    assert round_["lab_disabled"] == {"student": authoring, "formgrader service": set()}


def test_only_the_instructor_is_hub_admin(round_):
    assert round_["admins"] == {f"{round_['hub'].tag}-prof"}


def test_the_hub_home_page_links_formgrader_for_the_teaching_team_only(round_):
    tag = round_["hub"].tag
    links = round_["home_links_formgrader"]
    assert {name for name, shown in links.items() if shown} == {f"{tag}-prof", f"{tag}-ta"}


def test_a_student_reads_only_their_own_files(round_):
    probe = round_["probe"]
    assert probe.pop("own notebook") == "read"
    assert probe == dict.fromkeys(probe, "denied"), probe
    # Their server's contents API stays inside their home folder, and their
    # token does not open another student's server.
    assert round_["outside_root"] in (403, 404)
    assert round_["other_server"] == 403


def test_hidden_tests_are_absent_from_everything_a_student_reaches(round_):
    reachable = {f"exchange {k}": v for k, v in round_["exchange"].items()}
    reachable.update({f"fetched by {k}": json.dumps(v) for k, v in round_["fetched"].items()})
    reachable.update({f"feedback of {k}": v for k, v in round_["feedback_html"].items()})
    # In the exchange the release and three feedback files; the three fetched
    # notebooks; the three feedback files as the students fetched them.
    assert len(reachable) == 10, sorted(reachable)
    for where, text in reachable.items():
        leaked = [code for code in HIDDEN_CODE if code in text]
        assert not leaked, f"{where} shows hidden test code {leaked}"


def test_each_student_gets_their_own_feedback(round_):
    names = {login: short for short, login in round_["students"].items()}
    for login, html in round_["feedback_html"].items():
        assert f"Score: {EXPECTED_CODE_SCORE[names[login]]}" in html, login
        assert "hidden tests ran here" in html
    assert round_["feedback"]["success"] and round_["release_feedback"]["success"]


# ------------------------------------------------- without a hub (any machine)


def load_add_users():
    spec = importlib.util.spec_from_file_location("add_users", gt.ROOT / "deploy" / "add_users.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["add_users"] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_add_users_reads_a_canvas_and_a_moodle_roster(tmp_path):
    add_users = load_add_users()
    canvas = tmp_path / "canvas.csv"
    canvas.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section\n"
        "    Points Possible,,,,\n"
        '"Smith, Jane",101,S1,JSmith@uni.example,A\n',
        encoding="utf-8-sig",
    )
    moodle = tmp_path / "moodle.csv"
    moodle.write_text(
        "First name,Last name,Username,Email address\nWei,Li,liwei,liwei@uni.example\n"
    )
    people = add_users.people_of([str(canvas), str(moodle), "ta-one"], None)
    assert [(add_users.user_name(p.login), p.first_name, p.last_name, p.email) for p in people] == [
        ("jsmith", "Jane", "Smith", "JSmith@uni.example"),
        ("liwei", "Wei", "Li", "liwei@uni.example"),
        ("ta-one", "", "", ""),
    ]


def test_add_users_refuses_unusable_names_and_a_roster_without_logins(tmp_path):
    add_users = load_add_users()
    with pytest.raises(SystemExit, match=r"not usable as user names: \['9lives', 'a b'\]"):
        add_users.people_of(["9lives", "a b", "fine"], None)
    roster = tmp_path / "grades.csv"
    roster.write_text("Name,Score\nJane,3\n")
    with pytest.raises(SystemExit, match="no login column .* Name the column with --column"):
        add_users.people_of([str(roster)], None)
    assert [p.login for p in add_users.people_of([str(roster)], "Name")] == ["Jane"]


def test_kubernetes_values_parse_and_their_hub_code_compiles():
    import yaml

    values = yaml.safe_load((gt.ROOT / "deploy" / "kubernetes" / "values.yaml").read_text())
    compile(values["hub"]["extraConfig"]["crmlab.py"], "crmlab.py", "exec")
    roles = values["hub"]["loadRoles"]["crmlab-grading"]
    assert roles["groups"] == ["crmlab-instructors", "crmlab-graders"]
    mounts = values["singleuser"]["storage"]["extraVolumeMounts"]
    assert mounts == [{"name": "exchange", "mountPath": "/srv/crmlab/exchange"}]
