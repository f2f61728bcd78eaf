#!/usr/bin/env bash
# One-line set-up for a fresh Debian/Ubuntu machine with Python 3.11+:
#   bash kiosk/scripts/bootstrap.sh run    - install everything, then start the kiosk
#   bash kiosk/scripts/bootstrap.sh test   - install everything (plus Node test servers), run all tests
# Idempotent: a second run only checks what is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode="${1:-run}"; shift || true

QT_LIBS="libegl1 libgl1 libx11-6 libbrotli1 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 \
libxkbcommon0 fonts-dejavu-core fonts-dejavu-extra libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0"
# cups-client + cups-ipp-utils: the app prints the card and reads the print job's state.
# Tests: faketime (clock-jump tests); cage + xwayland + Qt's Wayland client libraries (the
# kiosk session test, headless wlroots); cups + printer-driver-cups-pdf (a private cupsd prints
# the card for real, tests/cups_server.py).
PRINT_TOOLS="cups-client cups-ipp-utils"
TEST_TOOLS="poppler-utils zbar-tools binutils faketime nodejs npm cage xwayland libwayland-client0 \
libwayland-cursor0 libwayland-egl1 cups printer-driver-cups-pdf"

need_apt=""
for pkg in $QT_LIBS $PRINT_TOOLS $([ "$mode" = test ] && echo "$TEST_TOOLS"); do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || {
    # Node may come from elsewhere (nodesource, nvm): a working `node` is enough.
    case "$pkg" in nodejs|npm) command -v "${pkg/nodejs/node}" >/dev/null && continue;; esac
    need_apt="$need_apt $pkg"; }
done
if [ -n "$need_apt" ]; then
  echo "==> system packages:$need_apt"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need_apt >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> virtual environment (.venv)"
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
extras="."; [ "$mode" = test ] && extras=".[test,build]"
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$mode"
if [ ! -f "$stamp" ]; then
  echo "==> Python dependencies ($extras)"
  .venv/bin/python -m pip install -q -e "$extras"
  touch "$stamp"
fi
.venv/bin/python kiosk/scripts/translations.py --quiet || echo "(translations not compiled; English only)"

case "$mode" in
  run)
    exec .venv/bin/kiosk run "$@"
    ;;
  test)
    if [ -f tests/fhir_server/package-lock.json ]; then
      lockhash=$(sha1sum tests/fhir_server/package-lock.json | cut -c1-12)
      if [ ! -f "tests/fhir_server/node_modules/.ci-$lockhash" ]; then
        echo "==> FHIR test server (npm ci)"
        npm ci --prefix tests/fhir_server --no-audit --no-fund --loglevel=error
        touch "tests/fhir_server/node_modules/.ci-$lockhash"
      fi
    fi
    echo "==> ruff"
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    echo "==> mypy (settings and the ratchet list in pyproject.toml)"
    .venv/bin/mypy
    echo "==> pytest"
    # A crash (segfault, abort) prints the Python stack of every thread, in child processes too.
    export PYTHONFAULTHANDLER=1
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash kiosk/scripts/bootstrap.sh run|test [args...]" >&2; exit 2;;
esac
