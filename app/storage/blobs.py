"""The register of stored files (`Blob`): each content attached anywhere (a fiche, a funding application) is
registered once, before any row points to it, so that it counts as referenced (`leftovers.referenced_attachments`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.fiche import Attachment
from app.storage.models import Blob


def ensure_blobs(session: Session, attachments: Iterable[Attachment], flush: bool = True) -> None:
    """Register each attached content once (those already registered, or added in this session, are left)."""
    sizes = {attachment.sha256: attachment.size for attachment in attachments}
    if not sizes:
        return
    with session.no_autoflush:
        known = set(session.scalars(select(Blob.sha256).where(Blob.sha256.in_(sorted(sizes)))))
    known |= {blob.sha256 for blob in session.new if isinstance(blob, Blob)}
    session.add_all(Blob(sha256=sha, size=size) for sha, size in sizes.items() if sha not in known)
    if flush:
        session.flush()
