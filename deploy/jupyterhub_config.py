"""JupyterHub configuration of one crmlab course server.

deploy/setup.sh installs this file as /etc/crmlab/jupyterhub_config.py; the
settings of a server (folders, ports, log-in) live in ``hub.env`` beside it,
and a ``CRMLAB_*`` environment variable of the same name overrides a setting.
Start it as root: ``jupyterhub -f /etc/crmlab/jupyterhub_config.py`` (the
crmlab-hub systemd service does this).

Who is who comes from three Unix groups (prefix ``crmlab`` by default):

- ``crmlab-students`` log in and get their own JupyterLab, as their own
  system user, with crmlab installed; nbgrader's Assignment List fetches and
  submits through the shared exchange.
- ``crmlab-graders`` (teaching assistants) and ``crmlab-instructors`` reach
  formgrader, a hub-managed service at /services/formgrader-crm-analytics/.
  It runs as the system user ``crmlab-formgrader``, which owns the course
  folder with its solutions, hidden tests and gradebook. A hub role grants
  ``access:services!service=formgrader-crm-analytics`` to these two groups
  only, so a student is refused (403). Instructors are also hub admins.

The hub's groups follow the Unix groups at every log-in, so a teaching
assistant added with deploy/add_users.py gets formgrader at their next
log-in. Log-in is PAM (system users and passwords) or, with
``CRMLAB_AUTH=lti13``, LTI 1.3 from Canvas or Moodle; either way every person
is a system user, created from the roster by deploy/add_users.py.
"""

import grp
import os
import pwd
import re
import sys
from pathlib import Path

from jupyterhub.auth import PAMAuthenticator

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads this file)

COURSE_ID = "crm-analytics"
SERVICE = f"formgrader-{COURSE_ID}"


def read_settings(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of hub.env, then CRMLAB_* environment variables on top."""
    settings = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.partition("=")
            if sep and not key.strip().startswith("#"):
                settings[key.strip()] = value.strip().strip("\"'")
    settings.update({k: v for k, v in os.environ.items() if k.startswith("CRMLAB_")})
    return settings


S = read_settings(Path(__file__).resolve().with_name("hub.env"))
ENV = Path(S.get("CRMLAB_ENV") or sys.prefix)
SRV = Path(S.get("CRMLAB_SRV") or "/srv/crmlab")
STATE = Path(S.get("CRMLAB_STATE") or "/var/lib/crmlab")
PREFIX = S.get("CRMLAB_PREFIX") or "crmlab"

INSTRUCTORS, GRADERS, STUDENTS = (f"{PREFIX}-{g}" for g in ("instructors", "graders", "students"))
SERVICE_USER = f"{PREFIX}-formgrader"
PATH = f"{ENV}/bin:/usr/local/bin:/usr/bin:/bin"


def course_groups(username: str) -> list[str]:
    """The course's Unix groups that ``username`` belongs to (they become hub groups)."""
    groups = []
    for name in (INSTRUCTORS, GRADERS, STUDENTS):
        try:
            group = grp.getgrnam(name)
        except KeyError:
            continue
        try:
            primary = pwd.getpwnam(username).pw_gid == group.gr_gid
        except KeyError:
            primary = False
        if primary or username in group.gr_mem:
            groups.append(name)
    return groups


class CourseGroupsMixin:
    """Authenticators whose users' hub groups are their course Unix groups.

    With ``manage_groups`` the hub sets a user's groups to this list at every
    log-in, so adding or removing someone from a Unix group takes effect at
    their next log-in, with no restart of the hub.
    """

    def course_model(self, name: str | None):
        if not name:
            return None
        groups = course_groups(name)
        if not groups:
            self.log.warning("%s logged in but is in none of the course's groups", name)
            return None
        # Instructors are hub admins (any log-in method); nobody else is.
        return {"name": name, "groups": groups, "admin": INSTRUCTORS in groups}


class CoursePAMAuthenticator(CourseGroupsMixin, PAMAuthenticator):
    """Log-in with a system user's password; hub groups from the course groups."""

    async def authenticate(self, handler, data):
        return self.course_model(await super().authenticate(handler, data))


# -------------------------------------------------------------------- log-in
if S.get("CRMLAB_AUTH", "pam") == "lti13":
    from ltiauthenticator.lti13.auth import LTI13Authenticator

    class CourseLTI13Authenticator(CourseGroupsMixin, LTI13Authenticator):
        """Log-in from the LMS; the user name is the local part of the e-mail.

        The LMS roster, imported with deploy/add_users.py, created the same
        names as system users, so the hub spawns each person's server as them.
        """

        async def authenticate(self, handler, data=None):
            model = await super().authenticate(handler, data)
            name = re.sub(r"@.*$", "", model["name"]).lower()
            return self.course_model(name)

    c.JupyterHub.authenticator_class = CourseLTI13Authenticator
    c.LTI13Authenticator.issuer = S.get("CRMLAB_LTI13_ISSUER", "")
    c.LTI13Authenticator.client_id = {S.get("CRMLAB_LTI13_CLIENT_ID", "")}
    c.LTI13Authenticator.authorize_url = S.get("CRMLAB_LTI13_AUTHORIZE_URL", "")
    c.LTI13Authenticator.jwks_endpoint = S.get("CRMLAB_LTI13_JWKS_URL", "")
    c.LTI13Authenticator.username_key = "email"
    # course_model() admits only members of the course groups.
    c.Authenticator.allow_all = True
else:
    c.JupyterHub.authenticator_class = CoursePAMAuthenticator
    # No PAM session (pam_systemd and friends) for servers the hub starts itself.
    c.PAMAuthenticator.open_sessions = False

c.Authenticator.manage_groups = True
c.LocalAuthenticator.allowed_groups = {INSTRUCTORS, GRADERS, STUDENTS}

# ---------------------------------------------------------- roles and scopes
c.JupyterHub.load_roles = [
    {
        "name": f"{PREFIX}-formgrader-users",
        "description": "Instructors and graders open the course's formgrader",
        "scopes": [f"access:services!service={SERVICE}", f"read:services!service={SERVICE}"],
        "groups": [INSTRUCTORS, GRADERS],
    },
]

# ------------------------------------------------------------------- network
c.JupyterHub.bind_url = S.get("CRMLAB_BIND_URL") or "http://:8000"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{S.get('CRMLAB_HUB_PORT') or 8081}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{S.get('CRMLAB_PROXY_API_PORT') or 8001}"
c.ConfigurableHTTPProxy.command = [
    str(ENV / "share" / "crmlab-proxy" / "node_modules" / ".bin" / "configurable-http-proxy")
]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
if S.get("CRMLAB_SSL_CERT"):
    c.JupyterHub.ssl_cert = S["CRMLAB_SSL_CERT"]
    c.JupyterHub.ssl_key = S.get("CRMLAB_SSL_KEY", "")

c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# ------------------------------------------------------------------- servers
# Each person's JupyterLab runs as their own system user in their home folder.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {"PATH": PATH}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# ---------------------------------------------------------------- formgrader
# nbgrader's "shared formgrader" set-up: a JupyterLab server run by the hub
# as the course's own user, in the course folder. Graders work there
# (formgrader, nbgrader commands); nobody else can read the folder.
c.JupyterHub.services = [
    {
        "name": SERVICE,
        "display": True,
        "info": {"description": f"Grade {COURSE_ID}: formgrader and the course folder"},
        "url": f"http://127.0.0.1:{S.get('CRMLAB_FORMGRADER_PORT') or 8091}",
        "user": SERVICE_USER,
        "cwd": str(SRV / "course"),
        "command": [
            str(ENV / "bin" / "jupyterhub-singleuser"),
            "--ServerApp.default_url=/formgrader",
        ],
        "environment": {
            "PATH": PATH,
            # Its ~/.jupyter switches formgrader back on (setup.sh switches it
            # off for everyone else).
            "HOME": str(SRV / "formgrader"),
        },
        "oauth_no_confirm": True,
    }
]
