"""One stub process's live parts: settings, database, faults, and the background worker."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import requests
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from appkit.database import make_engine, make_session_factory
from tms.stub.callbacks import deliver_due
from tms.stub.clock import Clock
from tms.stub.faults import Faults
from tms.stub.jobs import active_jobs, advance_job, get_job
from tms.stub.models import Base
from tms.stub.projects import get_project
from tms.stub.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class StubRuntime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    faults: Faults
    # Jobs advance from request threads and the worker: one lock keeps them from
    # translating the same unit twice.
    advance_lock: threading.Lock = field(default_factory=threading.Lock)
    worker: BackgroundWorker | None = None
    # The time job progress and callback retries are computed from; the operator advances it.
    clock: Clock = field(default_factory=Clock)

    @classmethod
    def open(cls, settings: Settings) -> StubRuntime:
        """Connect to the database and create the tables when they are missing."""
        engine = make_engine(settings.database_url)
        Base.metadata.create_all(engine)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return cls(
            settings,
            engine,
            make_session_factory(engine),
            Faults(settings.faults),
            clock=Clock(settings.data_dir / "clock.json"),
        )

    def advance(self, project_id: str, job_id: str, *, force_complete: bool = False) -> None:
        with self.advance_lock, self.sessions.begin() as session:
            project = get_project(session, project_id)
            job = get_job(session, project, job_id)
            advance_job(
                session,
                project,
                job,
                self.faults,
                now=self.clock.now(),
                force_complete=force_complete,
            )

    def advance_all(self) -> None:
        with self.sessions() as session:
            ids = [(project.id, job.id) for project, job in active_jobs(session)]
        for project_id, job_id in ids:
            self.advance(project_id, job_id)

    def start_worker(self) -> None:
        if self.worker is None:
            self.worker = BackgroundWorker(self)
            self.worker.start()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.engine.dispose()


class BackgroundWorker:
    """A daemon thread that advances jobs and delivers due callbacks every tick."""

    def __init__(self, runtime: StubRuntime) -> None:
        self.runtime = runtime
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tms-stub-worker", daemon=True)
        self._http = requests.Session()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
        self._http.close()

    def run_once(self) -> None:
        self.runtime.advance_all()
        deliver_due(
            self.runtime.sessions, self.runtime.settings, self._http, self.runtime.clock.now
        )

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the worker must outlive any one bad tick
                log.exception("tms stub worker tick failed")
            self._stop.wait(self.runtime.settings.tick_seconds)
