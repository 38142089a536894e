"""The silent-cut loopback proxy lives in the product (``watchfloor bench`` ships it); tests use it."""

from ui.bench.proxy import SilentCutProxy

__all__ = ["SilentCutProxy"]
