"""Every replayed portal, keyed by the spider (source) that crawls it."""

from __future__ import annotations

from replay.ccgp import CcgpSite
from replay.ggzy import GgzySite
from replay.gpcms import PROVINCES as GPCMS_PROVINCES
from replay.gpcms import GpcmsSite
from replay.server import Site
from replay.univ import LAYOUTS, UnivSite
from replay.zcy import PROVINCES as ZCY_PROVINCES
from replay.zcy import ZcySite


def all_sites(searches_per_minute: int | None = None) -> dict[str, Site]:
    """source -> its replay site (CCGP answers '频繁访问' beyond ``searches_per_minute`` searches a minute)."""
    sites: dict[str, Site] = {
        "ccgp": CcgpSite(search_limit=(searches_per_minute, 60.0) if searches_per_minute else None),
        "ggzy": GgzySite(),
    }
    sites.update({f"zcy_{name}": ZcySite(name) for name in ZCY_PROVINCES})
    sites.update({f"gpcms_{name}": GpcmsSite(name) for name in GPCMS_PROVINCES})
    sites.update({f"univ_{name}": UnivSite(name) for name in LAYOUTS})
    return sites
