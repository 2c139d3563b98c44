"""Finding the same person across Kyrgyz and Kazakh records, whatever the script.

Pure Python (no Django): `parse` a name, `compare` two, `search_keys` for an index
(`search_key_groups`: the same keys by name part), `skeleton` for one word. See
matching/tables.py for the transliteration tables and their sources.
"""

from .compare import (
    DEFAULT_THRESHOLD,
    REASON_TERMS,
    Match,
    compare,
    search_key_groups,
    search_keys,
)
from .names import Name, parse
from .normalize import skeleton

__all__ = [
    "DEFAULT_THRESHOLD",
    "REASON_TERMS",
    "Match",
    "Name",
    "compare",
    "parse",
    "search_key_groups",
    "search_keys",
    "skeleton",
]
