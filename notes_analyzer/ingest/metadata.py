"""Page metadata (title, authors, date, site, canonical URL, language) from an lxml tree.

Each field is a cascade, as in trafilatura's ``metadata.py``: JSON-LD, then OpenGraph and
other meta tags, then bylines in the page, then htmldate (dates only). The first source with
a usable value wins; a source that fails is logged and skipped, never fatal.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

__all__ = ["PageMetadata", "clean_authors", "extract_metadata", "parse_date", "strip_site_suffix"]

logger = logging.getLogger(__name__)

#: schema.org types that describe the note itself (not the site or a breadcrumb).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "creativework",
        "webpage",
    }
)
TITLE_KEYS = ("og:title", "parsely-title", "sailthru.title", "dcterms.title", "dc.title", "title", "twitter:title")
AUTHOR_KEYS = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "search.byline",
    "analyticsattributes.author",
)
DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "iso-8601-publish-date",
    "publish-date",
    "publication_date",
    "pubdate",
    "date",
    "pub_date",
    "article:modified_time",
)
SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
#: One pass over the page for byline markup; candidates are then ranked by ``_byline_rank``.
BYLINE_XPATH = (
    '//*[@itemprop="author"] | //*[@rel="author"] | //*[contains(@class, "byline") or contains(@class, "Byline")'
    ' or contains(@class, "author-name") or contains(@class, "author__name")]'
)
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•:]{1,2}\s+")
#: A byline must be this short to be read as one.
MAX_BYLINE_CHARS = 120
MAX_NAME_WORDS = 5
#: Words that mark an organisation, not a person.
ORG_WORDS = frozenset(
    {
        "press",
        "news",
        "staff",
        "reuters",
        "associated",
        "agency",
        "editorial",
        "team",
        "desk",
        "magazine",
        "media",
        "newsroom",
        "wire",
        "wires",
        "times",
        "journal",
        "post",
        "bloomberg",
        "contributor",
        "contributors",
        "writer",
        "writers",
        "editor",
        "editors",
        "correspondent",
        "research",
        "group",
        "inc",
        "inc.",
        "ltd",
        "llc",
        "analyst",
        "analysts",
        "agent",
        "online",
        "network",
        "report",
    }
)
_BY_PREFIX = re.compile(r"^\s*(?:written\s+|posted\s+|reported\s+)?by[:\s]\s*", re.IGNORECASE)
_MORE_BY = re.compile(
    r"\s*(?:more (?:stories|articles|posts) by|see all (?:stories|articles)|follow|view profile).*$",
    re.IGNORECASE | re.DOTALL,
)
_SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bwith\b|\n)\s*", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žḀ-ỿ][A-Za-zÀ-ÖØ-öø-ÿĀ-žḀ-ỿ.'’-]*$")
_BY_TEXT = re.compile(r"^\s*by\s+(.{3,80})$", re.IGNORECASE | re.DOTALL)


@dataclass(slots=True)
class PageMetadata:
    """What the page says about itself; every field optional."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field -> where it came from


def extract_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Run every cascade on ``tree``; ``url`` helps recognise the site name."""
    ld = _json_ld_articles(tree)
    meta = _meta_tags(tree)
    result = PageMetadata()
    result.site_name = _first(
        result,
        "site_name",
        (
            ("json-ld", lambda: _ld_publisher(ld)),
            ("meta", lambda: _meta_first(meta, SITE_KEYS)),
        ),
    )
    result.title = _first(
        result,
        "title",
        (
            ("meta", lambda: _meta_first(meta, TITLE_KEYS[:1])),
            ("json-ld", lambda: _ld_first(ld, "headline", "name")),
            ("meta", lambda: _meta_first(meta, TITLE_KEYS[1:])),
            ("html", lambda: _xpath_text(tree, "//title") or _xpath_text(tree, "//h1")),
        ),
    )
    if result.title:
        result.title = strip_site_suffix(result.title, _site_names(result.site_name, url, ld))
    not_authors = _site_names(result.site_name, url, ld)
    result.authors = (
        _first(
            result,
            "authors",
            (
                ("json-ld", lambda: clean_authors(_ld_authors(ld), not_authors)),
                ("meta", lambda: clean_authors(_meta_all(meta, AUTHOR_KEYS), not_authors)),
                ("byline", lambda: clean_authors(_bylines(tree), not_authors)),
            ),
        )
        or ()
    )
    result.published = _first(
        result,
        "published",
        (
            ("json-ld", lambda: _first_date(_ld_values(ld, "datePublished", "dateCreated"))),
            ("meta", lambda: _first_date(_meta_all(meta, DATE_KEYS))),
            ("html", lambda: _first_date(tree.xpath("//time/@datetime")[:3])),
            ("htmldate", lambda: _htmldate(tree, url)),
        ),
    )
    result.canonical_url = _first(
        result,
        "canonical_url",
        (
            ("html", lambda: _xpath_attr(tree, '//link[@rel="canonical"]/@href')),
            ("meta", lambda: _meta_first(meta, ("og:url",))),
            ("json-ld", lambda: _ld_first(ld, "url")),
        ),
    )
    result.language = _first(
        result,
        "language",
        (
            ("html", lambda: _xpath_attr(tree, "/html/@lang")),
            ("json-ld", lambda: _ld_first(ld, "inLanguage")),
            ("meta", lambda: _meta_first(meta, ("og:locale", "content-language", "language"))),
        ),
    )
    return result


def _first(result: PageMetadata, name: str, sources: tuple[tuple[str, Callable[[], Any]], ...]) -> Any:
    """The first non-empty value of a cascade; a failing source is logged and skipped."""
    for label, source in sources:
        try:
            value = source()
        except Exception as exc:  # noqa: BLE001 - one bad source must not sink the page
            logger.debug("metadata %s from %s failed: %s", name, label, exc)
            continue
        if value:
            result.sources[name] = label
            return value
    return None


# ---------------------------------------------------------------- JSON-LD


def _json_ld_articles(tree: HtmlElement) -> list[dict[str, Any]]:
    """Article-like JSON-LD objects, most specific type first."""
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        raw = (script.text or "").strip().removeprefix("<![CDATA[").removesuffix("]]>").strip()
        if not raw:
            continue
        try:
            objects.extend(_walk_ld(json.loads(raw)))
        except (ValueError, RecursionError) as exc:
            logger.debug("unreadable JSON-LD block skipped: %s", exc)
    articles = [o for o in objects if _ld_types(o) & ARTICLE_TYPES]
    return sorted(articles, key=lambda o: bool(_ld_types(o) & {"webpage", "creativework"}))


def _walk_ld(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk_ld(item)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(node.get(key), list | dict):
                yield from _walk_ld(node[key])


def _ld_types(obj: dict[str, Any]) -> set[str]:
    types = obj.get("@type", ())
    types = [types] if isinstance(types, str) else types
    return {str(t).lower() for t in types if isinstance(t, str)}


def _ld_values(ld: list[dict[str, Any]], *keys: str) -> list[str]:
    return [str(o[k]) for o in ld for k in keys if isinstance(o.get(k), str | int) and str(o[k]).strip()]


def _ld_first(ld: list[dict[str, Any]], *keys: str) -> str | None:
    values = _ld_values(ld, *keys)
    return _clean_text(values[0]) if values else None


def _ld_authors(ld: list[dict[str, Any]]) -> list[str]:
    for obj in ld:
        names = list(_ld_names(obj.get("author") or obj.get("creator")))
        if names:
            return names
    return []


def _ld_names(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _ld_names(item)
    elif isinstance(node, dict) and "organization" not in _ld_types(node):
        name = node.get("name")
        if isinstance(name, str):
            yield name
        elif name is None and isinstance(node.get("givenName"), str):
            yield f"{node['givenName']} {node.get('familyName', '')}".strip()


def _ld_publisher(ld: list[dict[str, Any]]) -> str | None:
    for obj in ld:
        publisher = obj.get("publisher")
        publisher = publisher[0] if isinstance(publisher, list) and publisher else publisher
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            return _clean_text(publisher["name"])
    return None


# ---------------------------------------------------------------- meta tags and the page


def _meta_tags(tree: HtmlElement) -> dict[str, list[str]]:
    """``name``/``property``/``itemprop`` → values (``content``, or ``value`` as some CMSs write)."""
    tags: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        value = meta.get("content") if meta.get("content") is not None else meta.get("value")
        if key and value and value.strip():
            tags.setdefault(key.strip().lower(), []).append(_clean_text(value))
    return tags


def _meta_first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    values = _meta_all(meta, keys)
    return values[0] if values else None


def _meta_all(meta: dict[str, list[str]], keys: tuple[str, ...]) -> list[str]:
    """Values of the first key present (keys are in order of trust)."""
    for key in keys:
        if meta.get(key):
            return meta[key]
    return []


def _xpath_text(tree: HtmlElement, path: str) -> str | None:
    for node in tree.xpath(path)[:1]:
        return _clean_text(node.text_content()) or None
    return None


def _xpath_attr(tree: HtmlElement, path: str) -> str | None:
    values = [v.strip() for v in tree.xpath(path) if isinstance(v, str) and v.strip()]
    return values[0] if values else None


def _bylines(tree: HtmlElement) -> list[str]:
    """Author names from byline markup, else from a short "By Jane Doe" text in the page."""
    ranked: dict[int, list[str]] = {}
    for node in tree.xpath(BYLINE_XPATH):
        rank, nodes = _byline_rank(node)
        for text in (_clean_text(n.text_content()) for n in nodes):
            if text and len(text) <= MAX_BYLINE_CHARS and text not in ranked.setdefault(rank, []):
                ranked[rank].append(text)
    if ranked:
        return ranked[min(ranked)]
    for text_node in tree.xpath('//body//text()[starts-with(normalize-space(.), "By")]')[:20]:
        parent = text_node.getparent()
        text = _clean_text(parent.text_content()) if parent is not None else ""
        match = _BY_TEXT.match(text)
        if match and parent.tag not in ("script", "style", "p"):
            return [match.group(1)]
    return []


def _byline_rank(node: HtmlElement) -> tuple[int, list[HtmlElement]]:
    """Most trusted first: schema.org author names, rel=author, then byline/author-name classes."""
    if node.get("itemprop") == "author":
        names = node.xpath('.//*[@itemprop="name"]')
        return (0, names) if names else (1, [node])
    if node.get("rel") == "author":
        return 2, [node]
    classes = node.get("class", "")
    return (3 if "byline" in classes.split() else 4 if "yline" in classes else 5), [node]


# ---------------------------------------------------------------- cleaning


def clean_authors(raw: list[str], not_authors: frozenset[str] | set[str] = frozenset()) -> tuple[str, ...]:
    """Person names from raw author strings: no "By", no "More stories by …", no site or org names."""
    names: list[str] = []
    for value in raw:
        if not value or re.match(r"^\s*(https?:|www\.|@)", value):
            continue
        value = _MORE_BY.sub("", _BY_PREFIX.sub("", _clean_text(value)))
        for part in _split_names(value):
            part = _BY_PREFIX.sub("", part).strip(" .,;:-–—")
            if _is_person_name(part, not_authors) and part not in names:
                names.append(part)
    return tuple(names)


def _split_names(value: str) -> list[str]:
    """Split "A, B and C"; "Gillman, Steve" (last, first) becomes "Steve Gillman"."""
    parts = [p for p in _SPLIT_AUTHORS.split(value) if p and p.strip()]
    if len(parts) == 2 and all(len(p.split()) == 1 for p in parts) and "," in value:
        return [f"{parts[1]} {parts[0]}"]
    return parts


def _is_person_name(name: str, not_authors: frozenset[str] | set[str]) -> bool:
    words = name.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or _norm(name) in not_authors:
        return False
    if any(w.lower().strip(".,") in ORG_WORDS for w in words) or words[0].lower() == "the":
        return False
    if not all(_NAME_TOKEN.match(w) for w in words):
        return False
    return sum(w[0].isupper() for w in words) >= 2


def _site_names(site_name: str | None, url: str | None, ld: list[dict[str, Any]]) -> set[str]:
    names = {_norm(site_name)} if site_name else set()
    if url:
        host = urlsplit(url).hostname or ""
        names |= {_norm(part) for part in host.split(".") if len(part) > 3}
        names.add(_norm(host.removeprefix("www.")))
    publisher = _ld_publisher(ld)
    if publisher:
        names.add(_norm(publisher))
    return {n for n in names if n}


def strip_site_suffix(title: str, site_names: set[str]) -> str:
    """Drop a trailing (or leading) " | Site" / " - Site" segment naming the site."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if _is_site(parts[-1], site_names):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—·•:")
    if _is_site(parts[0], site_names):
        return title[len(parts[0]) :].lstrip(" |-–—·•:")
    return title


#: A title segment this short (in letters) must match a site name exactly to count as the brand.
MIN_BRAND_PREFIX = 6
MAX_BRAND_WORDS = 4


def _is_site(segment: str, site_names: set[str]) -> bool:
    """Whether a title segment names the site: equal to its name, publisher or host, or the brand
    those start with, covering at least half of it ("Investment Watch" for "Investment Watch Blog")."""
    norm = _norm(segment)
    if not norm:
        return False
    if any(norm == s or norm == s.removesuffix("com") for s in site_names):
        return True
    return (len(norm) >= MIN_BRAND_PREFIX and len(segment.split()) <= MAX_BRAND_WORDS
            and any(s.startswith(norm) and 2 * len(norm) >= len(s) for s in site_names))


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _clean_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- dates


def parse_date(value: str) -> datetime | None:
    """A datetime from ISO 8601 or any common written form; None when unreadable."""
    value = value.strip()
    if not value or not re.search(r"\d", value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    if re.fullmatch(r"\d{8}", value):
        return datetime.strptime(value, "%Y%m%d")
    from dateutil import parser

    try:
        return parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError):
        return None


def _first_date(values: list[str]) -> datetime | None:
    for value in values:
        parsed = parse_date(str(value))
        if parsed:
            return parsed
    return None


def _htmldate(tree: HtmlElement, url: str | None) -> datetime | None:
    from htmldate import find_date

    found = find_date(tree, url=url, original_date=True, extensive_search=True)
    return datetime.fromisoformat(found) if found else None
