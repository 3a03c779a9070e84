"""Django's SQLite backend, with the writers of one process queued in the process.

SQLite lets one writer in at a time (``BEGIN IMMEDIATE``, see settings.py); the others
sleep in its busy handler, which backs off to 100 ms between tries. With a dozen requests
of one server process writing at once — a hall voting — most of the time went to sleeping
while the lock was free: a burst of 51 votes took 27–57 s on a loaded 2-core machine
(1.9 s idle). The writers of one process now queue on a lock of the process and go in the
moment the one before them ends its transaction; SQLite's busy handler is left to arbitrate
between processes only. Nobody waits here longer than SQLite's own timeout: past it, the
transaction begins as it did before and SQLite decides."""

import threading
from typing import Any

from django.db.backends.sqlite3 import base

_queues: dict[str, Any] = {}  # threading.Lock objects (a factory, not a type, in 3.11)
_queues_guard = threading.Lock()


def _queue_for(name: str) -> Any:
    with _queues_guard:
        return _queues.setdefault(name, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    _queued: Any = None  # the queue this connection is first in, until its transaction ends

    def _start_transaction_under_autocommit(self):
        self._enter_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        try:
            super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            super()._close()
        finally:
            self._leave_queue()

    def _enter_queue(self) -> None:
        if self.is_in_memory_db():
            return  # one connection shared by every thread: nothing to queue between
        queue = _queue_for(str(self.settings_dict["NAME"]))
        if queue.acquire(timeout=self.settings_dict["OPTIONS"].get("timeout", 5)):
            self._queued = queue

    def _leave_queue(self) -> None:
        queue, self._queued = self._queued, None
        if queue is not None:
            queue.release()
