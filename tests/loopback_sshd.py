"""A real sshd on 127.0.0.1 whose one client key runs a forced command, as an agency's
authorized_keys line does: for the tests of what crosses SSH."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
needs_sshd = pytest.mark.skipif(
    not (Path(SSHD).exists() and shutil.which("ssh") and shutil.which("ssh-keygen")
         and os.geteuid() == 0),
    reason="needs openssh-server and root (.ci/run installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def loopback_sshd(folder: Path, command: str, options: str = "restrict") -> Iterator[list[str]]:
    """sshd with `command` forced for the one client key (`options` of its authorized_keys
    line besides the command); yields the ssh command prefix that logs in with that key."""
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                        str(folder / name)], check=True)
    pub = (folder / "client.pub").read_text().strip()
    keys = folder / "authorized_keys"
    keys.write_text(f'command="{command}",{options} {pub}\n')
    port = _free_port()
    config = folder / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder / 'host'}",
        f"AuthorizedKeysFile {keys}", f"PidFile {folder / 'sshd.pid'}", "StrictModes no",
        "UsePAM no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
        "PermitRootLogin prohibit-password", "LogLevel ERROR", ""]))
    Path("/run/sshd").mkdir(exist_ok=True)
    daemon = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)],
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert time.monotonic() < deadline, "sshd did not listen"
        time.sleep(0.05)
    try:
        yield ["ssh", "-i", str(folder / "client"), "-p", str(port), "-o", "BatchMode=yes",
               "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
               "-o", "LogLevel=ERROR", "root@127.0.0.1"]
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
