"""tenderwatch: find Chinese procurement notices that buy access to restricted US AI compute."""

__version__ = "0.1.0"
