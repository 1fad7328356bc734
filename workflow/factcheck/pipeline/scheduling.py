"""Workarounds for how Snakemake's scheduler waits, called from the Snakefile's handlers."""

from __future__ import annotations

import threading


def cancel_pending_timers() -> int:
    """Cancel every pending ``threading.Timer``; return how many were cancelled.

    Snakemake's job-rate limiter arms a non-daemon Timer at every scheduling pass to wake
    the scheduler when its timespan ends. Python waits for those threads at exit, so a build
    that has finished would otherwise sit idle until the last Timer fires.
    """
    timers = [
        thread
        for thread in threading.enumerate()
        if isinstance(thread, threading.Timer) and not thread.finished.is_set()
    ]
    for timer in timers:
        timer.cancel()
    return len(timers)
