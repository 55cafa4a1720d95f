"""The canonical JSON form of a submitted payload and its SHA-256.

The server keeps the hash next to each instance UUID, so a retried submission
(same UUID, same hash) can be told from a conflicting one (same UUID, another
hash): DESIGN.md §4.
"""

import hashlib
import json


def canonical_json(payload: dict) -> str:
    """``payload`` as JSON with sorted keys, no spaces and unescaped non-ASCII text."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload: dict) -> str:
    """The hex SHA-256 of the UTF-8 bytes of ``canonical_json(payload)``."""
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()
