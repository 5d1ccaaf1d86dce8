#!/usr/bin/env bash
# Set up a crmlab course server (JupyterHub) on a fresh Debian server.
#
#   sudo deploy/setup.sh          # from a checkout of the course
#
# Run it once as root; running it again is safe (it changes only what is
# missing or out of date, and never overwrites the course folder's files or
# hub.env). What it does, with the default places (override any of them with
# an environment variable of the same name, e.g. CRMLAB_SRV=/data/crmlab):
#
#   Debian packages   python3-venv, nodejs + npm, bubblewrap (grading sandbox)
#   CRMLAB_ENV        /opt/crmlab/env   Python environment: crmlab[hub], nbgrader,
#                                       JupyterLab, JupyterHub; the students' kernels
#                     .../share/crmlab-proxy   configurable-http-proxy (npm)
#   CRMLAB_SRV        /srv/crmlab/exchange   nbgrader exchange, 1777 (sticky: anyone
#                                            writes, only the owner deletes)
#                     /srv/crmlab/course     the course (nbgrader_config.py, solutions/,
#                                            assignments/, grading/), 2770, group
#                                            <prefix>-instructors, owner <prefix>-formgrader
#                     /srv/crmlab/formgrader home of the formgrader service user
#   CRMLAB_ETC        /etc/crmlab       jupyterhub_config.py and hub.env (settings)
#   CRMLAB_STATE      /var/lib/crmlab   hub database and cookie secret (root only)
#   CRMLAB_PREFIX     crmlab            Unix groups <prefix>-instructors,
#                                       <prefix>-graders, <prefix>-students and the
#                                       system user <prefix>-formgrader
#   CRMLAB_BIND_URL   http://:8000      where the hub listens (put TLS in front, or set
#                                       CRMLAB_SSL_CERT and CRMLAB_SSL_KEY in hub.env)
#   CRMLAB_SYSTEMD    1                 install and start the crmlab-hub systemd service
#
# Then add people with deploy/add_users.py (see INSTRUCTORS.md, "Run the course
# on a JupyterHub").
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CRMLAB_ENV=${CRMLAB_ENV:-/opt/crmlab/env}
CRMLAB_SRV=${CRMLAB_SRV:-/srv/crmlab}
CRMLAB_ETC=${CRMLAB_ETC:-/etc/crmlab}
CRMLAB_STATE=${CRMLAB_STATE:-/var/lib/crmlab}
CRMLAB_PREFIX=${CRMLAB_PREFIX:-crmlab}
CRMLAB_BIND_URL=${CRMLAB_BIND_URL:-http://:8000}
CRMLAB_SYSTEMD=${CRMLAB_SYSTEMD:-1}
PYTHON=${PYTHON:-/usr/bin/python3}

INSTRUCTORS=$CRMLAB_PREFIX-instructors
GRADERS=$CRMLAB_PREFIX-graders
STUDENTS=$CRMLAB_PREFIX-students
SERVICE_USER=$CRMLAB_PREFIX-formgrader
COURSE=$CRMLAB_SRV/course
EXCHANGE=$CRMLAB_SRV/exchange
PROXY=$CRMLAB_ENV/share/crmlab-proxy

say() { printf '\n== %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run me as root (sudo $0): I create users, groups and folders under /srv and /opt."
[ -f "$SRC/nbgrader_config.py" ] && [ -d "$SRC/solutions" ] \
  || die "run me from a checkout of the crmlab course (no nbgrader_config.py or solutions/ in $SRC)."

say "Debian packages"
missing=()
"$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v bwrap >/dev/null || missing+=(bubblewrap)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "install ${missing[*]} with your package manager, then run me again."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "python3-venv, nodejs, npm and bubblewrap are installed."
fi
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "crmlab needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.11."

say "Groups and the formgrader service user"
for group in "$INSTRUCTORS" "$GRADERS" "$STUDENTS"; do
  getent group "$group" >/dev/null || groupadd --system "$group"
  echo "group $group"
done
mkdir -p "$CRMLAB_SRV"
chmod 0755 "$CRMLAB_SRV"
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --gid "$INSTRUCTORS" --home-dir "$CRMLAB_SRV/formgrader" \
    --shell /bin/bash --comment "crmlab formgrader service" "$SERVICE_USER"
fi
mkdir -p "$CRMLAB_SRV/formgrader"
chown "$SERVICE_USER:$INSTRUCTORS" "$CRMLAB_SRV/formgrader"
chmod 0700 "$CRMLAB_SRV/formgrader"
echo "user $SERVICE_USER (runs formgrader; owns the course folder)"

say "Python environment $CRMLAB_ENV"
if [ ! -x "$CRMLAB_ENV/bin/python" ]; then
  mkdir -p "$(dirname "$CRMLAB_ENV")"
  "$PYTHON" -m venv "$CRMLAB_ENV"
  "$CRMLAB_ENV/bin/python" -m pip install --quiet --upgrade pip
fi
# A regular (not editable) install: the environment must not depend on this
# checkout, which students cannot read. pip skips what is already up to date.
"$CRMLAB_ENV/bin/python" -m pip install --quiet --disable-pip-version-check "$SRC[hub,grading]"
chmod -R go+rX "$CRMLAB_ENV"

say "configurable-http-proxy (npm) in $PROXY"
# Version 5 needs Node.js 20 (Debian 13); Debian 12's Node.js 18 gets version 4.
if [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
  PROXY_VERSION=5
else
  PROXY_VERSION=4
fi
if ! "$PROXY/node_modules/.bin/configurable-http-proxy" --version 2>/dev/null | grep -q "^$PROXY_VERSION\."; then
  mkdir -p "$PROXY"
  npm install --prefix "$PROXY" --no-audit --no-fund --loglevel=error \
    "configurable-http-proxy@$PROXY_VERSION"
fi
"$PROXY/node_modules/.bin/configurable-http-proxy" --version

say "Jupyter settings of the environment (every user's server)"
# Students reach the course through the exchange only; formgrader and the
# authoring tools are switched off in their servers. The formgrader service
# switches them back on in its own config folder.
mkdir -p "$CRMLAB_ENV/etc/jupyter"
cat >"$CRMLAB_ENV/etc/jupyter/nbgrader_config.py" <<EOF
# Written by crmlab's deploy/setup.sh: every user's nbgrader on this hub.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "crm-analytics"
c.Exchange.root = "$EXCHANGE"
c.Exchange.path_includes_course = True
EOF
"$CRMLAB_ENV/bin/jupyter" server extension disable --sys-prefix \
  nbgrader.server_extensions.formgrader >/dev/null 2>&1
"$CRMLAB_ENV/bin/jupyter" labextension disable --level=sys_prefix \
  @jupyter/nbgrader:formgrader @jupyter/nbgrader:create-assignment \
  @jupyter/nbgrader:course-list >/dev/null 2>&1
# The service user's own Jupyter config folder (its HOME/.jupyter) comes first.
FG_CONFIG=$CRMLAB_SRV/formgrader/.jupyter
mkdir -p "$FG_CONFIG/labconfig"
cat >"$FG_CONFIG/jupyter_server_config.json" <<EOF
{"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": true}}}
EOF
cat >"$FG_CONFIG/labconfig/page_config.json" <<EOF
{"disabledExtensions": {"@jupyter/nbgrader:formgrader": false,
                        "@jupyter/nbgrader:create-assignment": false,
                        "@jupyter/nbgrader:course-list": false}}
EOF
chown -R "$SERVICE_USER:$INSTRUCTORS" "$CRMLAB_SRV/formgrader"
# No "news" and update pop-ups in JupyterLab: the server decides the versions.
mkdir -p "$CRMLAB_ENV/share/jupyter/lab/settings"
cat >"$CRMLAB_ENV/share/jupyter/lab/settings/overrides.json" <<EOF
{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}
EOF
chmod -R go+rX "$CRMLAB_ENV/etc/jupyter" "$CRMLAB_ENV/share/jupyter/lab/settings"
echo "students' servers: Assignment List only; formgrader in the service"

say "Exchange $EXCHANGE and course $COURSE"
mkdir -p "$EXCHANGE"
chown root:root "$EXCHANGE"
chmod 1777 "$EXCHANGE"
mkdir -p "$COURSE"
# Copy the course once; an instructor's later edits are never overwritten.
[ -e "$COURSE/nbgrader_config.py" ] || cp "$SRC/nbgrader_config.py" "$COURSE/"
for folder in solutions assignments; do
  [ -e "$COURSE/$folder" ] || cp -r "$SRC/$folder" "$COURSE/$folder"
done
mkdir -p "$COURSE/grading"
# The course's nbgrader_config.py puts the exchange at grading/exchange: on the
# hub that is the shared exchange.
if [ ! -L "$COURSE/grading/exchange" ]; then
  rmdir "$COURSE/grading/exchange" 2>/dev/null || true
  [ -e "$COURSE/grading/exchange" ] && die "$COURSE/grading/exchange is not a link to $EXCHANGE: move it away and run me again."
  ln -s "$EXCHANGE" "$COURSE/grading/exchange"
fi
chown -R --no-dereference "$SERVICE_USER:$INSTRUCTORS" "$COURSE"
chmod 2770 "$COURSE"
find "$COURSE" -type d -exec chmod g+rwxs {} +
find "$COURSE" -type f -exec chmod g+rw {} +
echo "course owned by $SERVICE_USER:$INSTRUCTORS, no access for others"

say "Hub settings $CRMLAB_ETC and state $CRMLAB_STATE"
install -d -m 0755 "$CRMLAB_ETC"
install -d -m 0700 "$CRMLAB_STATE"
CHANGED=0
cmp -s "$SRC/deploy/jupyterhub_config.py" "$CRMLAB_ETC/jupyterhub_config.py" || CHANGED=1
install -m 0644 "$SRC/deploy/jupyterhub_config.py" "$CRMLAB_ETC/jupyterhub_config.py"
if [ ! -e "$CRMLAB_ETC/hub.env" ]; then
  cat >"$CRMLAB_ETC/hub.env" <<EOF
# Settings of the crmlab hub, read by $CRMLAB_ETC/jupyterhub_config.py.
# Written once by deploy/setup.sh; edit it, then: systemctl restart crmlab-hub
CRMLAB_ENV=$CRMLAB_ENV
CRMLAB_SRV=$CRMLAB_SRV
CRMLAB_STATE=$CRMLAB_STATE
CRMLAB_PREFIX=$CRMLAB_PREFIX
CRMLAB_BIND_URL=$CRMLAB_BIND_URL
# Ports on 127.0.0.1 for the hub's internal API, the proxy's API and formgrader.
CRMLAB_HUB_PORT=8081
CRMLAB_PROXY_API_PORT=8001
CRMLAB_FORMGRADER_PORT=8091
# HTTPS without a reverse proxy: paths of the certificate and its key.
CRMLAB_SSL_CERT=
CRMLAB_SSL_KEY=
# Log-in: pam (system users and passwords) or lti13 (from Canvas or Moodle; then
# fill in the four values the LMS shows when you register the tool).
CRMLAB_AUTH=pam
CRMLAB_LTI13_ISSUER=
CRMLAB_LTI13_CLIENT_ID=
CRMLAB_LTI13_AUTHORIZE_URL=
CRMLAB_LTI13_JWKS_URL=
EOF
  chmod 0644 "$CRMLAB_ETC/hub.env"
fi
echo "$CRMLAB_ETC/hub.env"

if [ "$CRMLAB_SYSTEMD" = 1 ]; then
  say "systemd service crmlab-hub"
  UNIT=/etc/systemd/system/crmlab-hub.service
  OLD_UNIT=$(cat "$UNIT" 2>/dev/null || true)
  cat >"$UNIT" <<EOF
[Unit]
Description=JupyterHub of the crmlab course
After=network-online.target

[Service]
User=root
WorkingDirectory=$CRMLAB_STATE
Environment=PATH=$CRMLAB_ENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ExecStart=$CRMLAB_ENV/bin/jupyterhub -f $CRMLAB_ETC/jupyterhub_config.py
Restart=on-failure

[Install]
WantedBy=multi-user.target
EOF
  if [ -d /run/systemd/system ]; then
    [ "$OLD_UNIT" = "$(cat "$UNIT")" ] || CHANGED=1
    systemctl daemon-reload
    systemctl enable --now crmlab-hub >/dev/null
    # A restart stops every running notebook: only when the hub's set-up changed.
    if [ "$CHANGED" = 1 ]; then
      systemctl restart crmlab-hub
      echo "crmlab-hub restarted with the new settings."
    fi
    echo "crmlab-hub is running: systemctl status crmlab-hub"
  else
    echo "systemd is not running here: start the hub with"
    echo "  $CRMLAB_ENV/bin/jupyterhub -f $CRMLAB_ETC/jupyterhub_config.py"
  fi
fi

say "Done"
echo "Next: add people with"
echo "  $CRMLAB_ENV/bin/python $SRC/deploy/add_users.py --role instructor NAME"
echo "  $CRMLAB_ENV/bin/python $SRC/deploy/add_users.py --role student roster.csv"
