"""In-memory fake of ports.posture.PostureStore."""
from __future__ import annotations

from chalicelib.posture.model import PostureCheck, RecordChange


class MemoryPostureStore:
    def __init__(self) -> None:
        self.checks: dict[str, PostureCheck] = {}
        self.changes: dict[str, list[RecordChange]] = {}

    def latest(self, domain: str) -> PostureCheck | None:
        return self.checks.get(domain)

    def save(self, check: PostureCheck, changes: tuple[RecordChange, ...]) -> None:
        self.checks[check.domain] = check
        self.changes.setdefault(check.domain, []).extend(changes)

    def history(self, domain: str, limit: int = 50) -> list[RecordChange]:
        return sorted(self.changes.get(domain, []), key=lambda c: (c.at, c.name), reverse=True)[:limit]
