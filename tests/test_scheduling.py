"""Pending Timers are cancelled at the end of a build; other threads are left alone."""

from __future__ import annotations

import threading

from factcheck.pipeline.scheduling import cancel_pending_timers


def test_pending_timers_are_cancelled_and_other_threads_kept():
    fired = threading.Event()
    timer = threading.Timer(3600, fired.set)
    timer.start()
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        assert cancel_pending_timers() >= 1
        timer.join(timeout=10)
        assert not timer.is_alive()
        assert not fired.is_set()
        assert worker.is_alive()
    finally:
        release.set()
        worker.join()


def test_cancelled_timers_are_not_counted_again():
    threading.Timer(3600, lambda: None).start()
    assert cancel_pending_timers() >= 1
    assert cancel_pending_timers() == 0
