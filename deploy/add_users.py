#!/usr/bin/env python3
"""Add students, graders (TAs) or instructors to the crmlab course server.

Run as root on the server that deploy/setup.sh set up::

    python3 deploy/add_users.py --role student roster.csv
    python3 deploy/add_users.py --role grader ta-login
    python3 deploy/add_users.py --role instructor prof-login

Each SOURCE is a user name or a CSV file exported from the LMS (Canvas:
Grades > Export; Moodle: Participants > Download). For each person it
creates the system user if missing (home folder readable by them only, a
random password), adds them to the course's Unix group of the role, and, for
students, records them in nbgrader's gradebook with their name and e-mail.
The new passwords go to a CSV file readable by root only (``--passwords``),
to hand out; people who already exist keep theirs unless
``--reset-passwords``. Running it again with the same roster changes
nothing. With LTI 1.3 log-in, nobody needs the passwords: the LMS logs them
in as the same names.

The user name is the roster's login column (the first of "SIS Login ID",
"Username", "Login ID", "login", "Email address", "email" present, or
``--column``), lower-cased, without any "@domain". Rows without a login
(Canvas's "Points Possible" row) are skipped.
"""

from __future__ import annotations

import argparse
import csv
import grp
import os
import pwd
import re
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROLES = {"student": "students", "grader": "graders", "instructor": "instructors"}
LOGIN_COLUMNS = ["SIS Login ID", "Username", "Login ID", "login", "Email address", "email"]
FIRST_COLUMNS = ["First name", "First Name", "first_name", "Given name"]
LAST_COLUMNS = ["Last name", "Last Name", "Surname", "last_name", "Family name"]
FULL_COLUMNS = ["Student", "Name", "name"]
EMAIL_COLUMNS = ["Email address", "Email", "email", "E-mail"]
VALID_NAME = re.compile(r"[a-z][a-z0-9._-]{0,31}")


@dataclass
class Person:
    login: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""


def read_settings(etc: Path) -> dict[str, str]:
    """hub.env of the server (written by setup.sh), with CRMLAB_* variables on top."""
    settings = {}
    path = etc / "hub.env"
    if not path.exists():
        sys.exit(f"add_users.py: no {path}: run deploy/setup.sh first, or pass --etc.")
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and not key.strip().startswith("#"):
            settings[key.strip()] = value.strip().strip("\"'")
    settings.update({k: v for k, v in os.environ.items() if k.startswith("CRMLAB_")})
    return settings


def user_name(login: str) -> str:
    """The system user name of a roster login: lower case, without "@domain"."""
    return login.strip().split("@", 1)[0].lower()


def first(row: dict[str, str], columns: list[str]) -> str:
    return next(((row.get(c) or "").strip() for c in columns if (row.get(c) or "").strip()), "")


def read_roster(path: Path, column: str | None) -> list[Person]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        login_column = column or next((c for c in LOGIN_COLUMNS if c in header), None)
        if login_column not in header:
            sys.exit(
                f"add_users.py: {path} has no login column {column or LOGIN_COLUMNS!r}; "
                f"its columns are {header}. Name the column with --column."
            )
        people = []
        for row in reader:
            login = (row.get(login_column) or "").strip()
            if not login:
                continue
            # Canvas's login is often the e-mail address.
            email = first(row, EMAIL_COLUMNS) or (login if "@" in login else "")
            person = Person(login, email=email)
            person.first_name = first(row, FIRST_COLUMNS)
            person.last_name = first(row, LAST_COLUMNS)
            full = first(row, FULL_COLUMNS)
            if full and not (person.first_name or person.last_name):
                last, _, given = full.partition(",")  # Canvas: "Last, First"
                person.first_name, person.last_name = (
                    (given.strip(), last.strip()) if given else ("", full)
                )
            people.append(person)
    return people


def people_of(sources: list[str], column: str | None) -> list[Person]:
    people = []
    for source in sources:
        if source.lower().endswith(".csv"):
            people += read_roster(Path(source), column)
        else:
            people.append(Person(source))
    bad = [p.login for p in people if not VALID_NAME.fullmatch(user_name(p.login))]
    if bad:
        sys.exit(
            f"add_users.py: not usable as user names: {bad}. A name starts with a "
            "letter and has at most 32 lower-case letters, digits, '.', '_' or '-'."
        )
    return people


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def run(*command: str, **kwargs) -> None:
    subprocess.run(command, check=True, **kwargs)


def register_students(people: list[Person], settings: dict[str, str]) -> None:
    """Record the students in nbgrader's gradebook, as the formgrader service user."""
    prefix = settings.get("CRMLAB_PREFIX", "crmlab")
    env = Path(settings.get("CRMLAB_ENV", "/opt/crmlab/env"))
    course = Path(settings.get("CRMLAB_SRV", "/srv/crmlab")) / "course"
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", newline="", dir=course / "grading", delete=False
    ) as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "first_name", "last_name", "email"])
        for p in people:
            writer.writerow([user_name(p.login), p.first_name, p.last_name, p.email])
    roster = Path(handle.name)
    try:
        os.chown(roster, pwd.getpwnam(f"{prefix}-formgrader").pw_uid, -1)
        run(
            "runuser", "-u", f"{prefix}-formgrader", "--",
            "env", f"PATH={env / 'bin'}:/usr/bin:/bin", f"HOME={course.parent / 'formgrader'}",
            str(env / "bin" / "nbgrader"), "db", "student", "import", str(roster),
            cwd=course, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    finally:
        roster.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--role", choices=sorted(ROLES), required=True)
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="user name or roster CSV")
    parser.add_argument("--column", help="login column of the roster CSV")
    parser.add_argument("--passwords", type=Path, help="CSV for the new passwords")
    parser.add_argument("--reset-passwords", action="store_true")
    parser.add_argument(
        "--etc", type=Path, default=Path(os.environ.get("CRMLAB_ETC", "/etc/crmlab"))
    )
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("add_users.py: run me as root (sudo): I create system users.")
    settings = read_settings(args.etc)
    group = f"{settings.get('CRMLAB_PREFIX', 'crmlab')}-{ROLES[args.role]}"
    try:
        grp.getgrnam(group)
    except KeyError:
        sys.exit(f"add_users.py: no group {group}: run deploy/setup.sh first.")

    people = people_of(args.sources, args.column)
    passwords = {}
    for person in people:
        name = user_name(person.login)
        if not exists(name):
            comment = " ".join(filter(None, [person.first_name, person.last_name]))
            run("useradd", "--create-home", "--shell", "/bin/bash", "--comment", comment, name)
            passwords[name] = secrets.token_urlsafe(12)
        elif args.reset_passwords:
            passwords[name] = secrets.token_urlsafe(12)
        run("usermod", "--append", "--groups", group, name)
        # Nobody else, students and graders included, reads a person's files.
        os.chmod(pwd.getpwnam(name).pw_dir, 0o700)
        print(f"{name}: {args.role}")
    if passwords:
        lines = "".join(f"{n}:{p}\n" for n, p in passwords.items())
        run("chpasswd", input=lines, text=True)
        out = args.passwords or Path(f"passwords-{args.role}-{datetime.now():%Y%m%d-%H%M%S}.csv")
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["username", "password"])
            writer.writerows(passwords.items())
        print(f"{len(passwords)} new password(s) in {out} (readable by root only)")
    if args.role == "student":
        register_students(people, settings)
        print(f"{len(people)} student(s) in the gradebook")
    return 0


if __name__ == "__main__":
    sys.exit(main())
