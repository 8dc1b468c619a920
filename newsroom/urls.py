"""Source URLs: validation and the normal form used to group translations of one story."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track the reader rather than name the article.
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
     "_ga", "_gl", "ref", "ref_src", "cmpid", "ocid", "spm", "share", "s_cid"}
)
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def is_web_url(url: str) -> bool:
    """Only absolute http(s) URLs with a host are accepted as a story's source."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises for a port that is not a number in range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool((parts.hostname or "").strip(".")) and not any(
        ch.isspace() or ord(ch) < 32 for ch in url
    )


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def without_tracking(url: str) -> str:
    """The URL as published, less the parameters that track the reader (utm_*, fbclid, …):
    what a page shows and links as its source."""
    parts = urlsplit(url.strip())
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k)]
    if len(kept) == len(pairs):
        return url.strip()
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))


def normalise_source_url(url: str) -> str:
    """Two URLs of the same article give the same string.

    Scheme and host case, default port, the `www.` prefix, a trailing slash, the
    fragment and tracking parameters are ignored; http and https are one page.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port is None or str(port) == _DEFAULT_PORTS.get(parts.scheme.lower()) else f"{host}:{port}"
    path = parts.path.rstrip("/") or ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)))
    return urlunsplit(("https", netloc, path, query, ""))


def display_host(url: str) -> str:
    """The host a reader recognises, shown as the link text of the source."""
    host = (urlsplit(url).hostname or url).lower()
    return host[4:] if host.startswith("www.") else host
