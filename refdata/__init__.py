"""Who is the buyer: the buyer registry (names, English names, types, parents, identifiers, US list flags).

The Python API, for the pipeline, the report and notebooks::

    from refdata import resolve
    r = resolve("四川大学华西医院")
    r.name, r.english_name, r.type          # '四川大学华西医院', 'West China Hospital, Sichuan University', 'hospital'
    r.parent.name                            # '四川大学'
    [f.list for f in r.flags]                # ['entity_list', '1286', 'aspi'] (all via_parent=True here)
    r.us_listed                              # True
    r.to_dict()                              # the ``tenderwatch buyers resolve NAME --json`` object

``resolve`` never raises on an unknown name: it returns the normalised name, a type from the name rules and no
flags. The registry lives in data/refdata (or $TENDERWATCH_REFDATA); ``registry_type(name)`` gives the registry's
type where the registry knows the organisation, for the buyer-type step to prefer over its name rules.
"""

from __future__ import annotations

from pathlib import Path

from refdata.names import normalise
from refdata.registry import Flag, Registry, Resolution, load_registry

__all__ = ["Flag", "Registry", "Resolution", "load_registry", "normalise", "registry_type", "resolve"]


def resolve(name: str, folder: Path | str | None = None) -> Resolution:
    """Everything the registry says about one buyer or supplier name (see the module docstring)."""
    return load_registry(folder).resolve(name)


def registry_type(name: str | None, folder: Path | str | None = None) -> tuple[str, str] | None:
    """(type, 'buyer registry: …') when the registry knows the organisation or its parent, else None."""
    if not name:
        return None
    found = resolve(name, folder)
    if found.match == "unknown":
        return None
    return found.type, f"buyer registry: {found.match} ({found.parent.name if found.parent else found.name})"
