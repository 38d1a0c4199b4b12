"""The whole platform on one machine: Procfile processes, a registered GitHub App, a sample repo.

Used by `make demo`, the end-to-end tests and the benchmarks, never by the services
themselves. Each Procfile line runs under its own ``honcho start`` (so a test can stop or
kill one process and start it again), on the ports and ``VAR_DIR`` the caller gives.
"""

from __future__ import annotations

from devstack.stack import AppCredentials, ProcessHandle, Stack, free_port

__all__ = ["AppCredentials", "ProcessHandle", "Stack", "free_port"]
