"""Build the one-folder PyInstaller bundle (dist/kiosk/) and optionally smoke-test it.

    python kiosk/scripts/build_bundle.py               # build
    python kiosk/scripts/build_bundle.py --self-test   # build, then run `kiosk run --self-test`

The self-test runs the frozen program offscreen against temporary settings, data and log
folders, so it proves the bundle starts on this machine (Qt platform plugin, fonts, theme,
database, migrations) without touching a real kiosk's files. Prints build seconds and bundle
size; exits non-zero when the build or the self-test fails.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "kiosk"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def compile_translations() -> None:
    script = ROOT / "kiosk" / "scripts" / "translations.py"
    if script.exists():
        subprocess.run([sys.executable, str(script), "--quiet"], cwd=ROOT, check=False)


def build() -> float:
    compile_translations()
    start = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            f"--workpath={WORK}",
            f"--distpath={DIST}",
            str(ROOT / "kiosk.spec"),
        ],
        cwd=ROOT,
        check=True,
    )
    return time.monotonic() - start


def _throwaway_env(tmp: str, **extra: str) -> dict[str, str]:
    """The environment for one run of the frozen program: offscreen, every kiosk folder in
    `tmp`, plus `extra`."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        KIOSK_CONFIG=str(Path(tmp) / "config" / "kiosk.toml"),
        KIOSK_DATA_DIR=str(Path(tmp) / "data"),
        KIOSK_LOG_DIR=str(Path(tmp) / "logs"),
        **extra,
    )


def self_test(timeout: float = 120.0) -> tuple[int, str]:
    """Run the frozen program's self-test in a throwaway environment; (exit code, output)."""
    program = BUNDLE / ("kiosk.exe" if os.name == "nt" else "kiosk")
    with tempfile.TemporaryDirectory(prefix="kiosk-selftest-") as tmp:
        # CI builds as root with no Secret Service: the key comes as a systemd credential would
        # (kiosk-db-key in $CREDENTIALS_DIRECTORY), and the self-test proves the file encrypted.
        creds = Path(tmp) / "credentials"
        creds.mkdir(mode=0o700)
        (creds / "kiosk-db-key").write_text(secrets.token_hex(32) + "\n", encoding="ascii")
        env = _throwaway_env(tmp, CREDENTIALS_DIRECTORY=str(creds))
        try:
            proc = subprocess.run(
                [str(program), "run", "--self-test"],
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return 124, f"self-test did not finish within {timeout:.0f} s"
        except OSError as exc:
            return 127, f"cannot start {program}: {exc}"
        return proc.returncode, (proc.stdout + proc.stderr).strip()


def refuses_without_key(timeout: float = 120.0) -> tuple[bool, str]:
    """The frozen program with no database key (no credential, a keyring that cannot keep
    secrets) must stop with exit 2 and one message, and write no database."""
    program = BUNDLE / ("kiosk.exe" if os.name == "nt" else "kiosk")
    with tempfile.TemporaryDirectory(prefix="kiosk-nokey-") as tmp:
        # never the developer's real keyring
        env = _throwaway_env(tmp, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        env.pop("CREDENTIALS_DIRECTORY", None)
        try:
            proc = subprocess.run(
                [str(program), "run", "--self-test"],
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except (subprocess.TimeoutExpired, OSError) as exc:
            return False, f"no-key run failed to finish: {type(exc).__name__}"
        message = proc.stderr.strip()
        ok = (
            proc.returncode == 2
            and message.startswith("kiosk run: ")
            and "database key" in message
            and len(message.splitlines()) == 1
            and not (Path(tmp) / "data" / "kiosk.sqlite3").exists()
        )
        return ok, f"exit {proc.returncode}: {message}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--self-test", action="store_true", help="run the frozen self-test")
    args = parser.parse_args(argv)
    try:
        seconds = build()
    except subprocess.CalledProcessError as exc:
        print(f"build_bundle: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    size_mb = folder_size(BUNDLE) / 1_000_000
    print(f"build: {seconds:.1f} s")
    print(f"bundle: {BUNDLE.relative_to(ROOT)} {size_mb:.1f} MB")
    if not args.self_test:
        return 0
    code, output = self_test()
    print(f"self-test output: {output}")
    if code != 0:
        print(f"build_bundle: self-test FAILED (exit {code})", file=sys.stderr)
        return 1
    refused, output = refuses_without_key()
    print(f"no-key run: {output}")
    if not refused:
        print("build_bundle: the bundle did not refuse to start without a key", file=sys.stderr)
        return 1
    print("self-test: passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
