"""Run Virtuoso (Debian's ``virtuoso-opensource``) on loopback, for tests and the benchmark.

Each run gets a new database in a temporary directory, free ports for HTTP and ISQL, and an
account allowed to update over ``/sparql-auth`` (digest authentication); ``/sparql`` stays
read-only for everyone, as in a real deployment::

    with running_virtuoso(tmp_path) as virtuoso:
        store = virtuoso.store()
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from live_server import free_port
from samverkan.storage.endpoint import VIRTUOSO
from samverkan.storage.remote import RemoteStore

SERVER, ISQL = "virtuoso-t", "isql-vt"
#: Seconds Virtuoso may take to create its database and open its ports.
STARTUP_SECONDS = 60.0
USER = "samverkan"
MISSING = (
    "Virtuoso is not installed: the remote-store tests run against a real Virtuoso. "
    "Install Debian's package (as root): apt-get install -y virtuoso-opensource"
)

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: where to query, where to update, and the account for updates."""

    http_port: int
    isql_port: int
    password: str
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    def store(self, registry: str = "tests", timeout: float = 60.0) -> RemoteStore:
        """Return a store on this Virtuoso; stores of different ``registry`` never meet."""
        return RemoteStore(
            self.query_url,
            self.update_url,
            timeout,
            USER,
            self.password,
            dialect=VIRTUOSO,
            registry=URIRef(f"urn:x-samverkan:test-registry:{registry}"),
        )

    def settings(self) -> dict[str, str]:
        """Return the settings (``SAMVERKAN_*``) of a server over this Virtuoso, in its
        default registry."""
        return {
            "store_kind": "remote",
            "store_query_url": self.query_url,
            "store_update_url": self.update_url,
            "store_user": USER,
            "store_password": self.password,
            "store_dialect": "virtuoso",
        }

    def isql(self, statements: str) -> str:
        """Run SQL statements as the database administrator; return what ISQL printed."""
        command = [ISQL, f"127.0.0.1:{self.isql_port}", "dba", "dba", f"exec={statements}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout


def installed() -> bool:
    """Say whether Virtuoso's server and ISQL client are on the PATH."""
    return shutil.which(SERVER) is not None and shutil.which(ISQL) is not None


@contextmanager
def running_virtuoso(directory: Path) -> Iterator[Virtuoso]:
    """Start Virtuoso with a new database in ``directory``; stop it on leaving."""
    if not installed():
        raise RuntimeError(MISSING)
    directory.mkdir(parents=True, exist_ok=True)
    http_port, isql_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(_INI.format(dir=directory, http_port=http_port, isql_port=isql_port))
    with (directory / "server.out").open("wb") as output:
        process = subprocess.Popen(
            [SERVER, "+foreground", "+configfile", str(ini)],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=directory,
        )
    virtuoso = Virtuoso(http_port, isql_port, secrets.token_hex(12), directory, process)
    try:
        _wait_until_ready(virtuoso)
        _create_account(virtuoso)
        yield virtuoso
    finally:
        _stop(process)


def _wait_until_ready(virtuoso: Virtuoso) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    probe = virtuoso.query_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if virtuoso.process.poll() is not None:
            raise RuntimeError(f"Virtuoso ended early:\n{_log(virtuoso)}")
        try:
            with urllib.request.urlopen(probe, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"Virtuoso did not answer within {STARTUP_SECONDS:g} s:\n{_log(virtuoso)}")


def _create_account(virtuoso: Virtuoso) -> None:
    """Create the account that may write graphs over SPARQL (role SPARQL_UPDATE)."""
    virtuoso.isql(
        f"DB.DBA.USER_CREATE('{USER}', '{virtuoso.password}'); "
        f'GRANT SPARQL_UPDATE TO "{USER}"; '
        f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 7);"
    )


def _log(virtuoso: Virtuoso) -> str:
    log = virtuoso.directory / "virtuoso.log"
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server (it shuts down quickly on SIGTERM), killing it if it hangs."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
