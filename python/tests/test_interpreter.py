"""interpreter.py: what every script reports about the Python that ran it,
and that importing the extension leaves a free-threaded build's GIL off."""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import interpreter

SCRIPT = Path(__file__).resolve().parent.parent / "interpreter.py"


def test_it_reports_this_interpreter():
    report = interpreter.describe()
    assert report["version"] == ".".join(map(str, sys.version_info[:3]))
    assert report["stand_in"] == (os.environ.get(interpreter.STAND_IN) == "1")
    if report["stand_in"]:
        # Under the tests' stand-in, a GIL build reporting itself free-threaded.
        assert report["free_threaded"] and not report["gil_enabled"]
        return
    assert report["free_threaded"] == bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    if not report["free_threaded"]:
        assert report["gil_enabled"]


def test_the_stand_in_says_it_is_one():
    env = dict(os.environ, **{interpreter.STAND_IN: "1"})
    out = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, check=True)
    assert '"free_threaded": true' in out.stdout and '"gil_enabled": false' in out.stdout
    assert '"stand_in": true' in out.stdout


def test_importing_the_extension_keeps_the_gil_off():
    # On a free-threaded build the module's `gil_used = false` lets the GIL
    # stay off at import; a module without it would turn it back on. On the
    # default build there is nothing to check but that it imports.
    import concurrency_rs  # noqa: F401

    if sysconfig.get_config_var("Py_GIL_DISABLED") and os.environ.get("PYTHON_GIL") != "1":
        assert not sys._is_gil_enabled()
