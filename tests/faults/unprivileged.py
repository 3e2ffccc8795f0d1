"""Run `reader` commands where file permissions count: as root (tests run as root) a child
process is started without the capabilities that let root read and write any file
(`setpriv`), so a chmod'ed file or folder is refused as it is for a user; as another user,
permissions count already. Many jobs share one child process to keep the suite quick."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DROP = "-dac_override,-dac_read_search,-fowner"
PREFIX = ["setpriv", f"--bounding-set={DROP}", f"--inh-caps={DROP}"]

# Each job: an environment (data dir, seeds, config) and the commands to run in it with click's runner.
DRIVER = textwrap.dedent(
    """
    import json, os, sys
    from click.testing import CliRunner
    from reader.cli import cli

    results = []
    for job in json.load(sys.stdin):
        os.environ.update(job["env"])
        done = []
        for args in job["commands"]:
            result = CliRunner().invoke(cli, args)
            crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
            done.append({"code": result.exit_code, "out": result.stdout, "err": result.stderr,
                         "crash": repr(result.exception) if crashed else None})
        results.append(done)
    json.dump(results, sys.stdout)
    """
)


@dataclass
class Outcome:
    """One command's exit code, output and any exception that escaped the command line."""

    code: int
    out: str
    err: str
    crash: str | None


@functools.cache
def available() -> bool:
    """Whether permissions can be made to count for a child process here."""
    if os.geteuid() != 0:
        return True
    if shutil.which("setpriv") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        locked = Path(folder) / "locked"
        locked.write_text("x")
        locked.chmod(0)
        probe = subprocess.run([*PREFIX, "cat", str(locked)], capture_output=True)
    return probe.returncode != 0 and b"denied" in probe.stderr


def need_permissions() -> None:
    if not available():
        pytest.skip("file permissions cannot be made to count for root here (no usable setpriv)")


def run_jobs(jobs: list[tuple[dict[str, str], list[list[str]]]], timeout: float = 120) -> list[list[Outcome]]:
    """Run each job's commands (argv lists for `reader`) in its environment; their outcomes."""
    need_permissions()
    prefix = PREFIX if os.geteuid() == 0 else []
    payload = json.dumps([{"env": env, "commands": commands} for env, commands in jobs])
    done = subprocess.run([*prefix, sys.executable, "-c", DRIVER], input=payload, capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return [[Outcome(**outcome) for outcome in job] for job in json.loads(done.stdout)]
