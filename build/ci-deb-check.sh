#!/usr/bin/env bash
# CI proof for the Debian package (run as root on a fresh Debian 12 machine, after the
# PyInstaller bundle is built): build the .deb, install it with apt, self-test as the `kiosk`
# user with a machine-wide settings file, check the data folders' modes, run the kiosk session
# under cage (tests/test_kiosk_session.py), upgrade over itself, remove (data stays), purge.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "ci-deb-check: run as root" >&2; exit 2; }
start=$(date +%s)
step() { echo "==> [deb $(( $(date +%s) - start ))s] $*"; }
fail() { echo "ci-deb-check: FAILED: $*" >&2; exit 1; }
DATA=/var/lib/enrollment-kiosk
export DEBIAN_FRONTEND=noninteractive

# DEB=path checks an already built package (e.g. one built with --compression zstd).
deb="${DEB:-}"
if [ -z "$deb" ]; then
  step "build the package"
  .venv/bin/python kiosk/scripts/build_installer.py
  deb=$(ls dist/enrollment-kiosk_*_amd64.deb | head -n1)
fi
cp "$deb" /tmp/ && deb="/tmp/$(basename "$deb")"   # apt's _apt user must be able to read it

step "install $(basename "$deb")"
apt-get install -y -qq "$deb" >/dev/null
dpkg -s enrollment-kiosk | grep -q "^Status: install ok installed" || fail "not installed"
getent passwd kiosk >/dev/null || fail "no kiosk user"
[ -x /usr/bin/kiosk ] && [ -f /usr/share/applications/enrollment-kiosk.desktop ] \
  && [ -f /lib/systemd/system/enrollment-kiosk.service ] \
  && [ -f /lib/systemd/system/enrollment-kiosk-sync.service ] || fail "files missing"
[ "$(du -sb /opt/enrollment-kiosk | cut -f1)" -le 150000000 ] || fail "installed folder > 150 MB"
echo "installed: $(du -sh /opt/enrollment-kiosk | cut -f1)"

step "database key for the kiosk user"
# There is no systemd here to decrypt the unit's LoadCredentialEncrypted= file, so the key is
# handed over the way systemd would hand it to the service: a private credential folder.
CREDS=$(mktemp -d /tmp/kiosk-ci-credentials.XXXXXX)
trap 'rm -rf "$CREDS"' EXIT
python3 -c 'import secrets; print(secrets.token_hex(32))' > "$CREDS/kiosk-db-key"
chown -R kiosk:kiosk "$CREDS" && chmod 0700 "$CREDS" && chmod 0600 "$CREDS/kiosk-db-key"
export KIOSK_CREDENTIALS_DIRECTORY="$CREDS"   # read by postinst's `kiosk migrate` on upgrade

step "machine-wide settings + self-test as kiosk"
cat > /etc/enrollment-kiosk/kiosk.toml <<'TOML'
[practice]
name = "CI Health Center"
[kiosk]
idle_timeout_seconds = 120
TOML
as_kiosk() {
  runuser -u kiosk -- env -i HOME=$DATA PATH=/usr/bin:/bin LANG=C.UTF-8 \
    CREDENTIALS_DIRECTORY="$CREDS" "$@"
}
as_kiosk QT_QPA_PLATFORM=offscreen /usr/bin/kiosk run --self-test || fail "self-test"
as_kiosk /usr/bin/kiosk doctor | tee /tmp/ci-doctor.txt || true
grep -Eq "practice.name +CI Health Center +\[machine\]" /tmp/ci-doctor.txt \
  || fail "doctor does not show the machine-wide value"
if as_kiosk /usr/bin/kiosk doctor --ready; then fail "--ready passed with placeholders"; fi

step "data folder modes"
db="$DATA/.local/share/enrollment-kiosk/kiosk.sqlite3"
[ -f "$db" ] || fail "no database at $db"
bad_dirs=$(find "$DATA" -type d ! -perm 0700 -printf '%m %p\n')
bad_files=$(find "$DATA" -type f ! -perm 0600 -printf '%m %p\n')
[ -z "$bad_dirs$bad_files" ] || fail "modes: $bad_dirs $bad_files"
[ -z "$(find "$DATA" ! -user kiosk)" ] || fail "files not owned by kiosk"
stat -c '%a %U %n' "$DATA" "$DATA/.local/share/enrollment-kiosk" "$db"

step "kiosk session under cage (headless)"
KIOSK_SESSION_COMMAND=/usr/bin/kiosk .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/test_kiosk_session.py

step "upgrade over itself"
before=$(sha256sum "$db" | cut -d' ' -f1)
apt-get install -y -qq --reinstall "$deb" 2>&1 | tee /tmp/ci-upgrade.txt
grep -q "kiosk migrate: .* at schema" /tmp/ci-upgrade.txt || fail "postinst did not migrate"
[ -f "$db" ] && [ -f /etc/enrollment-kiosk/kiosk.toml ] || fail "upgrade lost data or settings"
grep -q "CI Health Center" /etc/enrollment-kiosk/kiosk.toml || fail "settings rewritten"
as_kiosk QT_QPA_PLATFORM=offscreen /usr/bin/kiosk run --self-test || fail "self-test after upgrade"
echo "database before upgrade $before, after $(sha256sum "$db" | cut -d' ' -f1)"

step "remove keeps patient data"
apt-get remove -y -qq enrollment-kiosk >/dev/null
[ ! -e /opt/enrollment-kiosk ] || fail "/opt/enrollment-kiosk left after remove"
[ -f "$db" ] || fail "remove deleted the database"
[ -f /etc/enrollment-kiosk/kiosk.toml ] || fail "remove deleted the machine-wide settings"
getent passwd kiosk >/dev/null || fail "remove deleted the kiosk user"

step "purge removes it"
apt-get purge -y -qq enrollment-kiosk >/dev/null
[ ! -e "$DATA" ] || fail "purge left $DATA"
[ ! -e /etc/enrollment-kiosk ] || fail "purge left /etc/enrollment-kiosk"
! getent passwd kiosk >/dev/null || fail "purge left the kiosk user"
step "package checks passed"
