"""Turn the PyInstaller bundle into a Debian package: dist/enrollment-kiosk_VERSION_amd64.deb.

    python kiosk/scripts/build_installer.py            # builds the bundle first if missing
    python kiosk/scripts/build_installer.py --rebuild  # always rebuild the bundle

The recipe lives in build/debian/ (control template, maintainer scripts, systemd units, desktop
entry, the /usr/bin/kiosk wrapper); this script lays the files out and calls dpkg-deb, so no
third-party packaging service is involved. Run it on Debian 12 (the package's target).

Shared libraries the bundle copied from this Debian system are left out of the package and
named in Depends instead (with at least the version found here): Debian ships and patches
them, and the installed folder shrinks by ~35 MB. Libraries Debian does not have (Qt, ICU 73,
Python itself, wheels' own copies) stay in /opt/enrollment-kiosk.

Prints the build time, the size breakdown of the installed folder, the installed size and the
.deb size; exits non-zero when a step fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kiosk import __version__  # noqa: E402
from kiosk.scripts import build_bundle  # noqa: E402

RECIPE = ROOT / "build" / "debian"
PACKAGE = "enrollment-kiosk"
PREFIX = Path("opt") / PACKAGE
# What a frozen Qt app needs from the target beyond the libraries it links (platform notes):
# GL/EGL for Qt Gui, fonts and their configuration (no fonts: text renders as empty boxes).
# Wayland (the kiosk session under cage): Qt's wayland plugin links libwayland-client/-cursor
# and its EGL integration libwayland-egl, which PyInstaller leaves to the system.
BASE_DEPENDS = [
    "libgl1",
    "libegl1",
    "libxcb1",
    "fontconfig-config",
    "fonts-dejavu-core",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
]
BASE_PACKAGES = set(BASE_DEPENDS)
SYSTEM_LIB_DIRS = (Path("/usr/lib/x86_64-linux-gnu"), Path("/lib/x86_64-linux-gnu"))
# Never taken from the system: the interpreter the bundle was frozen with.
KEEP_BUNDLED = re.compile(r"^libpython")
LIMITS = {"deb": 60_000_000, "installed": 150_000_000}


def _dpkg_owners(paths: list[Path]) -> dict[str, str]:
    """file name -> Debian package owning it on this system (dpkg -S), for those owned."""
    if not paths:
        return {}
    proc = subprocess.run(
        ["dpkg", "-S", *map(str, paths)], capture_output=True, text=True, check=False
    )
    owners = {}
    for line in proc.stdout.splitlines():
        package, _, path = line.partition(": ")
        if "," in package or " " in package:  # diversions and multi-owner lines: skip
            continue
        owners[Path(path.strip()).name] = package.split(":")[0]
    return owners


def _version(package: str) -> str:
    return subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True
    ).stdout.strip()


def _needed(path: Path) -> list[str]:
    """The shared libraries an ELF file links (readelf -d, from binutils)."""
    out = subprocess.run(
        ["readelf", "-d", str(path)], capture_output=True, text=True, check=False
    ).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def use_system_libraries(app: Path) -> list[str]:
    """Remove bundled copies of libraries this Debian system provides; return Depends.

    Only libraries the remaining program reaches through ELF NEEDED links become Depends;
    the rest were pulled in by Qt plugins kiosk.spec drops (the GTK theme brings cairo, pango,
    gdk-pixbuf, ...) and are simply left out."""
    internal = app / "_internal"
    system: dict[str, Path] = {}
    for lib in sorted(internal.glob("*.so*")):
        if KEEP_BUNDLED.match(lib.name) or not lib.is_file():
            continue
        for folder in SYSTEM_LIB_DIRS:
            if (folder / lib.name).exists():
                system[lib.name] = folder / lib.name
    owners = _dpkg_owners(
        [f / name for name in system for f in SYSTEM_LIB_DIRS if (f / name).exists()]
    )
    system = {name: path for name, path in system.items() if name in owners}
    bundled = [
        p
        for p in app.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and p.name not in system
        and (".so" in p.name or p == app / "kiosk")
    ]
    reached: set[str] = set()
    todo = [name for p in bundled for name in _needed(p) if name in system]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo += [n for n in _needed(internal / name) if n in system]
    for name in system:
        (internal / name).unlink()
    packages = {owners[name] for name in reached}
    # Libraries PyInstaller left to the system (not bundled): their packages too.
    present = {p.name for p in app.rglob("*.so*")}
    outside = {
        name
        for p in bundled
        if p.exists()
        for name in _needed(p)
        if name not in present and name not in system
    }
    # Both spellings: with merged /usr, dpkg knows a library under one of them only.
    found = [folder / name for name in outside for folder in SYSTEM_LIB_DIRS]
    more = _dpkg_owners([path for path in found if path.exists()])
    packages |= {package for package in more.values() if package not in BASE_PACKAGES}
    unresolved = sorted(outside - set(more))
    if unresolved:
        names = ", ".join(unresolved)
        print(f"note: linked, not on this machine (BASE_DEPENDS must name them): {names}")
    return [f"{p} (>= {_version(p)})" for p in sorted(packages)]


def folder_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def breakdown(app: Path) -> list[tuple[str, int]]:
    """Installed folder by part, largest first: the numbers to watch when trimming."""
    parts: dict[str, int] = defaultdict(int)
    internal = app / "_internal"
    for path in app.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(internal) if path.is_relative_to(internal) else path.name
        rel = Path(rel)
        name = rel.name
        if name.startswith("libicu"):
            key = "ICU (Qt's libicu*)"
        elif rel.parts[0] == "PySide6" and "Qt" in rel.parts and "lib" in rel.parts:
            key = "Qt libraries"
        elif rel.parts[0] == "PySide6" and "plugins" in rel.parts:
            key = "Qt plugins"
        elif rel.parts[0] == "PySide6" and "translations" in rel.parts:
            key = "Qt translations"
        elif rel.parts[0] in ("PySide6", "shiboken6"):
            key = "PySide6 bindings"
        elif rel.parts[0] == "cryptography" or rel.parts[0].startswith("cryptography"):
            key = "cryptography"
        elif rel.parts[0] in ("pillow.libs", "PIL"):
            key = "Pillow"
        elif name.startswith("libpython") or rel.parts[0] in ("base_library.zip", "python3.11"):
            key = "Python runtime"
        elif rel.parts[0] in ("assets", "locales"):
            key = "kiosk assets + translations"
        elif len(rel.parts) == 1 and ".so" in name:
            key = "other shared libraries"
        else:
            key = "other (Python modules, kiosk code, ...)"
        parts[key] += path.stat().st_size
    return sorted(parts.items(), key=lambda kv: -kv[1])


def stage(bundle: Path, root: Path, version: str) -> tuple[list[str], Path]:
    app = root / PREFIX
    shutil.copytree(bundle, app, symlinks=True)
    depends = use_system_libraries(app)
    for path in app.rglob("*"):
        if path.is_symlink():
            continue
        path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)

    def put(src: str, dest: str, mode: int = 0o644) -> None:
        target = root / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RECIPE / src if not Path(src).is_absolute() else src, target)
        target.chmod(mode)

    put("kiosk.sh", "usr/bin/kiosk", 0o755)
    put("enrollment-kiosk.desktop", "usr/share/applications/enrollment-kiosk.desktop")
    put(
        str(ROOT / "assets" / "icon.svg"),
        "usr/share/icons/hicolor/scalable/apps/enrollment-kiosk.svg",
    )
    for unit in ("enrollment-kiosk.service", "enrollment-kiosk-sync.service"):
        put(unit, f"lib/systemd/system/{unit}")
    put(str(ROOT / "README.md"), f"usr/share/doc/{PACKAGE}/README.md")
    for directory in (root, *root.rglob("*")):
        if directory.is_dir() and not directory.is_symlink():
            directory.chmod(0o755)
    control = root / "DEBIAN"
    control.mkdir(mode=0o755)
    for script in ("postinst", "prerm", "postrm"):
        put(script, f"DEBIAN/{script}", 0o755)
    all_depends = BASE_DEPENDS + depends
    text = (RECIPE / "control.in").read_text(encoding="utf-8")
    text = (
        text.replace("@VERSION@", version)
        .replace("@INSTALLED_KB@", str(folder_size(root) // 1024))
        .replace("@DEPENDS@", ", ".join(all_depends))
    )
    (control / "control").write_text(text, encoding="utf-8")
    return all_depends, app


def build_deb(root: Path, out: Path, compression: str, level: int) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "dpkg-deb",
            "--root-owner-group",
            f"-Z{compression}",
            f"-z{level}",
            "--build",
            str(root),
            str(out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the PyInstaller bundle")
    parser.add_argument("--version", default=__version__, help="package version")
    parser.add_argument("--compression", default="xz", choices=("xz", "zstd", "gzip"))
    parser.add_argument("--level", type=int, default=6, help="compression level")
    args = parser.parse_args(argv)
    if shutil.which("dpkg-deb") is None:
        print("build_installer: dpkg-deb not found (build on Debian/Ubuntu)", file=sys.stderr)
        return 1
    start = time.monotonic()
    bundle_program = build_bundle.BUNDLE / "kiosk"
    if args.rebuild or not bundle_program.exists():
        try:
            seconds = build_bundle.build()
        except subprocess.CalledProcessError as exc:
            print(f"build_installer: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
            return 1
        print(f"bundle build: {seconds:.1f} s")
    out = build_bundle.DIST / f"{PACKAGE}_{args.version}_amd64.deb"
    with tempfile.TemporaryDirectory(prefix="kiosk-deb-") as tmp:
        root = Path(tmp) / "root"
        depends, app = stage(build_bundle.BUNDLE, root, args.version)
        installed = folder_size(app)
        packaging = time.monotonic()
        try:
            build_deb(root, out, args.compression, args.level)
        except subprocess.CalledProcessError as exc:
            print(f"build_installer: dpkg-deb failed (exit {exc.returncode})", file=sys.stderr)
            return 1
        print("installed folder /opt/enrollment-kiosk by part:")
        for part, size in breakdown(app):
            print(f"  {size / 1e6:7.1f} MB  {part}")
    deb_size = out.stat().st_size
    print(f"depends: {', '.join(depends)}")
    print(f"dpkg-deb ({args.compression} -{args.level}): {time.monotonic() - packaging:.1f} s")
    print(f"build_installer: {time.monotonic() - start:.1f} s in all")
    print(f"installed size: {installed / 1e6:.1f} MB (limit {LIMITS['installed'] / 1e6:.0f} MB)")
    print(f"package: {out.relative_to(ROOT)} {deb_size / 1e6:.1f} MB (limit 60 MB)")
    over = [
        name for name, size in (("deb", deb_size), ("installed", installed)) if size > LIMITS[name]
    ]
    if over:
        print(f"build_installer: over the size limit: {', '.join(over)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
