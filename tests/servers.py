"""Start and stop the loopback FHIR R4 test server (tests/fhir_server/server.mjs).

The server is a real Node.js subprocess running Medplum's open-source FHIR engine
with OAuth2 (client_secret_basic and SMART private_key_jwt) in front of it, fault
injection on /__admin and optional JSON-file persistence. See
tests/fhir_server/README.md.

Only the standard library, ``requests`` and ``cryptography`` are used here.

Typical use::

    from tests.servers import FhirServer

    with FhirServer() as srv:              # client_secret_basic client "kiosk"/"kiosk-secret"
        token = srv.get_token()
        requests.get(srv.base_url + "/metadata")
        srv.set_faults(fail_next=2, status=503, retry_after=1)

There are no pytest fixtures here (tests/conftest.py belongs to someone else);
``running_fhir_server()`` is a plain context-manager function a fixture can wrap.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

SERVER_DIR = Path(__file__).resolve().parent / "fhir_server"
SERVER_SCRIPT = SERVER_DIR / "server.mjs"
FHIR_PATH = "/fhir/R4"
TOKEN_PATH = "/oauth2/token"
ADMIN_PATH = "/__admin"

DEFAULT_CLIENT_ID = "kiosk"
DEFAULT_CLIENT_SECRET = "kiosk-secret"

_live_servers: set[FhirServer] = set()


class FhirServerError(RuntimeError):
    """The test FHIR server could not be started (or died)."""


def _check_installed() -> str:
    node = shutil.which("node")
    if node is None:
        raise FhirServerError("`node` is not on PATH: the test FHIR server needs Node.js >= 20")
    marker = SERVER_DIR / "node_modules" / "@medplum" / "fhir-router" / "package.json"
    if not marker.exists():
        raise FhirServerError(
            f"{SERVER_DIR / 'node_modules'} is missing: run `npm ci --prefix tests/fhir_server` "
            "(from the repository root) to install the test FHIR server's dependencies"
        )
    return node


class FhirServer:
    """A running ``node tests/fhir_server/server.mjs`` on 127.0.0.1.

    Constructor arguments configure the OAuth2 clients; ``start()`` launches it.

    * ``client_id``/``client_secret``: a client_secret_basic client (set
      ``client_id=None`` for none).
    * ``jwt_client_id``/``jwt_public_key``: a private_key_jwt client; the key is a
      path to a PEM or JWK/JWKS JSON file, or PEM bytes (written to a temp file).
    * ``token_ttl``: access-token lifetime in seconds (server default 300).
    * ``ref_check``: enforce referential integrity on writes (default True).
    * ``conditional_create``: honour If-None-Exist (default True); False makes every
      create a new resource, so a double send by the client is visible.
    * ``extra_args``: further CLI flags for server.mjs.
    """

    def __init__(
        self,
        *,
        client_id: str | None = DEFAULT_CLIENT_ID,
        client_secret: str | None = DEFAULT_CLIENT_SECRET,
        jwt_client_id: str | None = None,
        jwt_public_key: str | os.PathLike[str] | bytes | None = None,
        token_ttl: int | None = None,
        ref_check: bool = True,
        conditional_create: bool = True,
        extra_args: tuple[str, ...] | list[str] = (),
        startup_timeout: float = 30.0,
        log_path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.jwt_client_id = jwt_client_id
        self.jwt_public_key = jwt_public_key
        self.token_ttl = token_ttl
        self.ref_check = ref_check
        self.conditional_create = conditional_create
        self.extra_args = list(extra_args)
        self.startup_timeout = startup_timeout
        self._own_tmpdir: str | None = None
        if log_path is None:
            self._own_tmpdir = tempfile.mkdtemp(prefix="fhir-server-")
            log_path = Path(self._own_tmpdir) / "server.log"
        self.log_path = Path(log_path)

        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self.auth: bool = True
        self.data_file: Path | None = None
        self._log_file: Any = None
        self._stdout_thread: threading.Thread | None = None

    # ------------------------------------------------------------------ URLs
    @property
    def url(self) -> str:
        """Root URL, e.g. ``http://127.0.0.1:PORT``."""
        if self.port is None:
            raise FhirServerError("server not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """FHIR base, e.g. ``http://127.0.0.1:PORT/fhir/R4``."""
        return self.url + FHIR_PATH

    @property
    def token_url(self) -> str:
        return self.url + TOKEN_PATH

    @property
    def admin_url(self) -> str:
        return self.url + ADMIN_PATH

    # ------------------------------------------------------------- lifecycle
    def _command(self, node: str, port: int) -> list[str]:
        cmd = [node, str(SERVER_SCRIPT), "--port", str(port), "--exit-on-stdin-close"]
        if not self.auth:
            cmd.append("--no-auth")
        if self.client_id is not None and self.client_secret is not None:
            cmd += ["--client-id", self.client_id, "--client-secret", self.client_secret]
        if self.jwt_client_id is not None:
            if self.jwt_public_key is None:
                raise ValueError("jwt_client_id needs jwt_public_key")
            key = self.jwt_public_key
            if isinstance(key, bytes):
                if self._own_tmpdir is None:
                    self._own_tmpdir = tempfile.mkdtemp(prefix="fhir-server-")
                key_path = Path(self._own_tmpdir) / "jwt-public-key.pem"
                key_path.write_bytes(key)
                key = key_path
            cmd += ["--jwt-client-id", self.jwt_client_id, "--jwt-public-key", str(key)]
        if self.token_ttl is not None:
            cmd += ["--token-ttl", str(int(self.token_ttl))]
        if not self.ref_check:
            cmd.append("--no-ref-check")
        if not self.conditional_create:
            cmd.append("--no-conditional-create")
        if self.data_file is not None:
            cmd += ["--data", str(self.data_file)]
        return cmd + self.extra_args

    def start(
        self,
        port: int = 0,
        auth: bool = True,
        data_file: str | os.PathLike[str] | None = None,
    ) -> FhirServer:
        """Launch the server and wait for its ``LISTENING <port>`` line.

        ``auth=False`` passes ``--no-auth`` (no Bearer token needed on /fhir).
        ``data_file`` makes resources survive kill()/restart().
        """
        if self.is_running():
            raise FhirServerError("server already running")
        node = _check_installed()
        self.auth = auth
        self.data_file = Path(data_file).resolve() if data_file is not None else None
        self._launch(node, port)
        return self

    def _launch(self, node: str, port: int) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log_path, "ab")  # noqa: SIM115 - closed in _reap
        self.process = subprocess.Popen(
            self._command(node, port),
            cwd=str(SERVER_DIR),
            stdin=subprocess.PIPE,  # the server exits when this closes (e.g. pytest dies)
            stdout=subprocess.PIPE,
            stderr=self._log_file,
        )
        _live_servers.add(self)
        lines: queue.Queue[bytes | None] = queue.Queue()
        proc = self.process

        def pump() -> None:
            assert proc.stdout is not None
            for line in iter(proc.stdout.readline, b""):
                lines.put(line)
            lines.put(None)

        self._stdout_thread = threading.Thread(target=pump, name="fhir-server-stdout", daemon=True)
        self._stdout_thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._reap(signal.SIGKILL)
                raise FhirServerError(
                    f"test FHIR server did not print LISTENING within {self.startup_timeout:.0f}s\n"
                    + self.log_tail()
                )
            try:
                line = lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                continue
            if line is None:
                self._reap(signal.SIGKILL)
                raise FhirServerError(
                    f"test FHIR server exited during start-up (rc={proc.returncode})\n"
                    + self.log_tail()
                )
            text = line.decode("utf-8", "replace").strip()
            if text.startswith("LISTENING "):
                self.port = int(text.split()[1])
                return

    def _reap(self, sig: int) -> None:
        proc = self.process
        if proc is not None:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.send_signal(sig)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self._stdout_thread is not None:
            self._stdout_thread.join(timeout=5)
            self._stdout_thread = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        _live_servers.discard(self)

    def stop(self) -> None:
        """Graceful stop (SIGTERM, then SIGKILL after 10 s)."""
        self._reap(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL, like a crash: nothing is flushed beyond what each write already persisted."""
        self._reap(signal.SIGKILL)

    def restart(self, *, kill: bool = False, timeout: float = 10.0) -> FhirServer:
        """Start again on the same port with the same auth and data file.

        Stops the server first if it is still running (SIGKILL if ``kill``).
        Retries for up to ``timeout`` s while the port is still being released.
        """
        if self.port is None:
            raise FhirServerError("restart() before start()")
        if self.is_running():
            self.kill() if kill else self.stop()
        node = _check_installed()
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._launch(node, self.port)
                return self
            except FhirServerError:
                if time.monotonic() >= deadline or "EADDRINUSE" not in self.log_tail():
                    raise
                time.sleep(0.2)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        """Last lines of the server's stderr log (one line per request)."""
        try:
            text = self.log_path.read_text("utf-8", "replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> FhirServer:
        if not self.is_running():
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------- auth helpers
    def get_token(self, scope: str | None = None) -> str:
        """Access token via client_secret_basic (the configured client)."""
        if self.client_id is None or self.client_secret is None:
            raise FhirServerError("no client_secret_basic client configured")
        data = {"grant_type": "client_credentials"}
        if scope:
            data["scope"] = scope
        resp = requests.post(
            self.token_url, data=data, auth=(self.client_id, self.client_secret), timeout=10
        )
        resp.raise_for_status()
        return resp.json()["access_token"]

    def auth_headers(self) -> dict[str, str]:
        """Headers for a FHIR request: Bearer token (if auth is on) and FHIR JSON content type."""
        headers = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
        if self.auth:
            headers["Authorization"] = f"Bearer {self.get_token()}"
        return headers

    # --------------------------------------------------------- admin helpers
    def set_faults(self, **faults: Any) -> dict[str, Any]:
        """POST /__admin/faults. Keys:

        ``fail_next=N, status=503, retry_after=1`` - next N FHIR requests fail;
        ``hang_next=N, hang_ms=10000, drop=False, phase="before"|"after"`` - hold the
        next N requests (``drop`` closes the socket without an answer; ``phase="after"``
        processes/commits the request first, then hangs/drops the answer);
        ``revoke_tokens=True`` / ``expire_tokens=True``; ``target="fhir"|"token"|"any"``.
        """
        return _admin_post(self.admin_url + "/faults", faults)

    def reset_faults(
        self, *, data: bool = False, stats: bool = False, tokens: bool = False
    ) -> dict[str, Any]:
        """POST /__admin/reset: clear faults (and optionally all resources, stats, tokens)."""
        return _admin_post(
            self.admin_url + "/reset", {"data": data, "stats": stats, "tokens": tokens}
        )

    def stats(self) -> dict[str, Any]:
        """GET /__admin/stats: ``requests`` {"POST 201": n}, ``by_type`` {"POST Patient 201": n},
        ``resources`` {"Patient": n}, ``tokens_issued``, ``faults``."""
        resp = requests.get(self.admin_url + "/stats", timeout=10)
        resp.raise_for_status()
        return resp.json()


def _admin_post(url: str, payload: dict[str, Any]) -> dict[str, Any]:
    resp = requests.post(url, json=payload, timeout=10)
    resp.raise_for_status()
    return resp.json()


def _admin_url(server: FhirServer | str) -> str:
    return server.admin_url if isinstance(server, FhirServer) else str(server).rstrip("/")


def set_faults(server: FhirServer | str, **faults: Any) -> dict[str, Any]:
    """Module-level FhirServer.set_faults; ``server`` is a FhirServer or its admin_url."""
    return _admin_post(_admin_url(server) + "/faults", faults)


def reset_faults(server: FhirServer | str, **kw: bool) -> dict[str, Any]:
    return _admin_post(_admin_url(server) + "/reset", kw)


def stats(server: FhirServer | str) -> dict[str, Any]:
    resp = requests.get(_admin_url(server) + "/stats", timeout=10)
    resp.raise_for_status()
    return resp.json()


@contextlib.contextmanager
def running_fhir_server(
    port: int = 0, auth: bool = True, data_file: str | os.PathLike[str] | None = None, **kwargs: Any
) -> Iterator[FhirServer]:
    """Plain context-manager function (wrap it in a fixture if you like)."""
    server = FhirServer(**kwargs)
    server.start(port=port, auth=auth, data_file=data_file)
    try:
        yield server
    finally:
        server.stop()


# ------------------------------------------------------------------ keys / JWT
@dataclass(frozen=True)
class KeyPair:
    private_pem: bytes
    public_pem: bytes
    private_path: Path
    public_path: Path
    kid: str
    alg: str

    def public_jwk(self) -> dict[str, Any]:
        """The public key as a JWK (with kid and alg)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        key = serialization.load_pem_public_key(self.public_pem)

        def b64(n: int, length: int | None = None) -> str:
            raw = n.to_bytes(length or (n.bit_length() + 7) // 8, "big")
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        if isinstance(key, rsa.RSAPublicKey):
            nums = key.public_numbers()
            return {
                "kty": "RSA",
                "n": b64(nums.n),
                "e": b64(nums.e),
                "kid": self.kid,
                "alg": self.alg,
            }
        if isinstance(key, ec.EllipticCurvePublicKey):
            nums = key.public_numbers()
            return {
                "kty": "EC",
                "crv": "P-384",
                "x": b64(nums.x, 48),
                "y": b64(nums.y, 48),
                "kid": self.kid,
                "alg": self.alg,
            }
        raise TypeError(type(key))


def _write_keypair(
    tmpdir: str | os.PathLike[str], private_key: Any, name: str, alg: str
) -> KeyPair:
    from cryptography.hazmat.primitives import serialization

    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    folder = Path(tmpdir)
    folder.mkdir(parents=True, exist_ok=True)
    private_path = folder / f"{name}-private.pem"
    public_path = folder / f"{name}-public.pem"
    private_path.write_bytes(private_pem)
    os.chmod(private_path, 0o600)
    public_path.write_bytes(public_pem)
    return KeyPair(
        private_pem, public_pem, private_path, public_path, kid=uuid.uuid4().hex, alg=alg
    )


def generate_rsa_keypair(
    tmpdir: str | os.PathLike[str], bits: int = 2048, name: str = "jwt-rsa"
) -> KeyPair:
    """RSA key pair for RS384 client assertions, written as PEM files in ``tmpdir``."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    return _write_keypair(
        tmpdir, rsa.generate_private_key(public_exponent=65537, key_size=bits), name, "RS384"
    )


def generate_ec_keypair(tmpdir: str | os.PathLike[str], name: str = "jwt-ec") -> KeyPair:
    """P-384 key pair for ES384 client assertions, written as PEM files in ``tmpdir``."""
    from cryptography.hazmat.primitives.asymmetric import ec

    return _write_keypair(tmpdir, ec.generate_private_key(ec.SECP384R1()), name, "ES384")


def sign_client_assertion(
    private_pem: bytes,
    client_id: str,
    token_url: str,
    *,
    alg: str = "RS384",
    kid: str | None = None,
    lifetime: int = 240,
    jti: str | None = None,
) -> str:
    """A SMART Backend Services client assertion (RS384 or ES384) signed with ``cryptography``
    only (no PyJWT needed)."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    now = int(time.time())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": token_url,
        "exp": now + lifetime,
        "iat": now,
        "jti": jti or uuid.uuid4().hex,
    }
    signing_input = (
        f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}".encode()
    )
    key = serialization.load_pem_private_key(private_pem, password=None)
    if alg == "RS384":
        signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA384())  # type: ignore[union-attr]
    elif alg == "ES384":
        der = key.sign(signing_input, ec.ECDSA(hashes.SHA384()))  # type: ignore[union-attr,call-arg]
        r, s = utils.decode_dss_signature(der)
        signature = r.to_bytes(48, "big") + s.to_bytes(48, "big")
    else:
        raise ValueError(f"unsupported alg {alg}")
    return f"{signing_input.decode()}.{b64(signature)}"


@atexit.register
def _stop_all() -> None:
    for server in list(_live_servers):
        with contextlib.suppress(Exception):
            server.kill()
