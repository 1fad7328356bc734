"""What fetching a source can give: plain names, importable without the network code."""

DOWNLOADED, NOT_MODIFIED, VANISHED_OUTCOME, FAILED, UNREADABLE = (
    "downloaded",
    "not modified",
    "vanished",
    "failed",
    "unreadable",
)
OUTCOMES = (DOWNLOADED, NOT_MODIFIED, VANISHED_OUTCOME, FAILED, UNREADABLE)
"""What fetching a source gave: new bytes; the pinned bytes (HTTP 304); HTTP 404 or 410; no
file (network, server, format, deadline, redirect); a file that cannot be read (parse)."""
