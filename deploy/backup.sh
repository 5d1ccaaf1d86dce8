#!/usr/bin/env bash
# Back up a crmlab course server: the gradebook, the course folder and the exchange.
#
#   sudo deploy/backup.sh [DEST]        # DEST defaults to /var/backups/crmlab
#
# Writes DEST/crmlab-YYYYmmdd-HHMMSS/ holding
#   gradebook.db        a consistent copy of the gradebook, taken with SQLite's
#                       backup API (safe while formgrader is writing to it)
#   grades.csv          nbgrader export: one row per student and assignment
#   course.tar.gz       the course folder (solutions, submissions, autograded
#                       copies, feedback, gradebook) and the exchange
# and keeps the newest CRMLAB_KEEP (default 14) backups. Reads the folders
# from hub.env like the hub (CRMLAB_ETC, default /etc/crmlab). Restore: see
# INSTRUCTORS.md, "Back up the gradebook".
set -euo pipefail

CRMLAB_ETC=${CRMLAB_ETC:-/etc/crmlab}
DEST=${1:-/var/backups/crmlab}
KEEP=${CRMLAB_KEEP:-14}
[ "$(id -u)" = 0 ] || { echo "backup.sh: run me as root (sudo $0)." >&2; exit 1; }
[ -f "$CRMLAB_ETC/hub.env" ] || { echo "backup.sh: no $CRMLAB_ETC/hub.env: run deploy/setup.sh first." >&2; exit 1; }
# Settings from hub.env, unless the caller set them (as the hub reads them).
while IFS='=' read -r key value; do
  case $key in CRMLAB_*) [ -n "${!key+x}" ] || export "$key=$value" ;; esac
done <"$CRMLAB_ETC/hub.env"

COURSE=$CRMLAB_SRV/course
SERVICE_USER=$CRMLAB_PREFIX-formgrader
OUT=$DEST/crmlab-$(date +%Y%m%d-%H%M%S)
install -d -m 0700 "$DEST" "$OUT"

"$CRMLAB_ENV/bin/python" - "$COURSE/grading/gradebook.db" "$OUT/gradebook.db" <<'PY'
import sqlite3
import sys

source, target = (sqlite3.connect(path) for path in sys.argv[1:3])
with target:
    source.backup(target)
PY
(cd "$COURSE" && runuser -u "$SERVICE_USER" -- env PATH="$CRMLAB_ENV/bin:/usr/bin:/bin" \
  HOME="$CRMLAB_SRV/formgrader" nbgrader export --to=grading/grades.csv --log-level=ERROR)
cp "$COURSE/grading/grades.csv" "$OUT/grades.csv"
tar -czf "$OUT/course.tar.gz" -C "$CRMLAB_SRV" course exchange
chmod 0600 "$OUT"/*
echo "$OUT"

# Keep the newest $KEEP backups.
ls -1d "$DEST"/crmlab-* | sort | head -n -"$KEEP" | xargs -r rm -rf
