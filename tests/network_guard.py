"""Keep the Python processes of a command (Snakemake and every job it runs) off the network.

:func:`guarded_environment` writes a ``sitecustomize`` that every Python process started
with the returned environment imports: it lists the process in ``processes.log`` and logs
and refuses every connection that is not to a unix socket, and with ``loopback=True`` allows
127.0.0.1 but resolves no other name, as on a machine without internet.
"""

from __future__ import annotations

import os
from pathlib import Path

GUARD = """
import os
import socket
import sys

with open(os.environ["NETWORK_GUARD_PROCESSES"], "a") as processes:
    processes.write(" ".join(sys.orig_argv) + "\\n")

_LOOPBACK = os.environ.get("NETWORK_GUARD_LOOPBACK") == "allow"
_LOCAL = ("127.0.0.1", "::1", "localhost")
_connect, _connect_ex, _getaddrinfo = (
    socket.socket.connect,
    socket.socket.connect_ex,
    socket.getaddrinfo,
)


def _log(what):
    with open(os.environ["NETWORK_GUARD_LOG"], "a") as log:
        log.write(f"{os.getpid()} {what}\\n")


def _refuse(sock, address):
    local = _LOOPBACK and isinstance(address, tuple) and address[0] in _LOCAL
    if sock.family != socket.AF_UNIX and not local:
        _log(repr(address))
        raise OSError(f"network guard: connection to {address!r} refused")


def connect(self, address):
    _refuse(self, address)
    return _connect(self, address)


def connect_ex(self, address):
    _refuse(self, address)
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if _LOOPBACK and host not in (None, *_LOCAL):
        _log(f"name {host}")
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.getaddrinfo = getaddrinfo
"""


def guarded_environment(folder: Path, *, loopback: bool = False) -> tuple[dict[str, str], Path]:
    """An environment whose Python processes refuse network connections (all of them, or
    all but 127.0.0.1), and the log of attempts; ``processes.log`` in ``folder`` lists
    every guarded process."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(GUARD)
    log = folder / "connections.log"
    log.touch()
    path = os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))
    env = {
        **os.environ,
        "PYTHONPATH": path,
        "NETWORK_GUARD_LOG": str(log),
        "NETWORK_GUARD_PROCESSES": str(folder / "processes.log"),
        "NETWORK_GUARD_LOOPBACK": "allow" if loopback else "refuse",
    }
    return env, log
