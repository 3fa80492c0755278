"""When a helper process (the house-style check) may be forked from the build.

Forking skips starting a second Python, a tenth of a second, but is only safe
where the system forks cheaply (Linux) and before any other thread runs: a
thread could hold a lock that the child would inherit locked.
"""

from __future__ import annotations

import sys
import threading


def fork_is_safe() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1
