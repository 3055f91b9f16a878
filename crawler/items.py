"""What spiders yield: a fetched page or attachment with its bytes, or a fetch that failed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FetchedPage:
    """A response worth keeping, as fetched, with what the spider knows of it."""

    url: str
    body: bytes
    status: int
    content_type: str | None
    kind: str  # list | detail | attachment
    notice_id: str | None = None
    name: str | None = None
    parent_url: str | None = None
    listing: dict | None = None


@dataclass
class FailedFetch:
    """A request that could not be completed (after retries): recorded in the manifest, never lost silently."""

    url: str
    kind: str
    error: str
    status: int | None = None
    notice_id: str | None = None
    name: str | None = None
