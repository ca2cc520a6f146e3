"""Which Python runs this script: the `interpreter` field of every script's JSON.

    {"implementation": "CPython", "version": "3.11.7",
     "free_threaded": false, "gil_enabled": true, "stand_in": false}

`free_threaded` is whether this is a free-threaded build (PEP 703): the
build-time flag `Py_GIL_DISABLED` of `sysconfig`. `gil_enabled` is whether
the GIL is on now: `sys._is_gil_enabled()` where it exists (3.13 and later),
so a free-threaded build that turned the GIL back on (`PYTHON_GIL=1`, or an
extension module that did not declare itself safe without it) says so;
before 3.13 every CPython has the GIL.

Run as a script, it prints that object (`reproduce` asks each interpreter
given to `--python` this way).

The stand-in. No free-threaded interpreter can be installed on the
project's own machines, so the tests of `reproduce` use a stand-in: a small
wrapper that runs an ordinary python3 with CONCURRENCY_STANDIN_FREE_THREADED=1.
Then this module answers as a free-threaded build with the GIL off would,
*and* sets `stand_in`, which every page shows beside the row's label
("stand-in"), so that no one takes its numbers for a free-threaded
measurement: they are the ordinary interpreter's, GIL and all.
"""

import json
import os
import platform
import sys
import sysconfig

STAND_IN = "CONCURRENCY_STANDIN_FREE_THREADED"


def describe():
    """This interpreter, as a dict (the module's docstring shows one)."""
    stand_in = os.environ.get(STAND_IN) == "1"
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    gil_enabled = is_gil_enabled() if is_gil_enabled is not None else True
    if stand_in:
        free_threaded, gil_enabled = True, False
    return {
        "implementation": platform.python_implementation(),
        "version": platform.python_version(),
        "free_threaded": free_threaded,
        "gil_enabled": gil_enabled,
        "stand_in": stand_in,
    }


if __name__ == "__main__":
    print(json.dumps(describe()))
