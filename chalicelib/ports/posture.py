"""The port posture checks are stored through: the latest check per domain and the history of record changes."""
from __future__ import annotations

from typing import Protocol

from chalicelib.posture.model import PostureCheck, RecordChange


class PostureStore(Protocol):
    def latest(self, domain: str) -> PostureCheck | None: ...

    def save(self, check: PostureCheck, changes: tuple[RecordChange, ...]) -> None:
        """Replaces the latest check and appends the changes to the history."""
        ...

    def history(self, domain: str, limit: int = 50) -> list[RecordChange]:
        """The domain's record changes, newest first."""
        ...
