"""One piece of work started on its own thread now, its result collected later."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def in_background(work: Callable[..., T], *args: Any, name: str) -> Future[T]:
    """Run ``work(*args)`` on a thread of its own; ``result()`` waits for it and raises what it raised."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pubkit-{name}")
    try:
        return pool.submit(work, *args)
    finally:
        pool.shutdown(wait=False)
