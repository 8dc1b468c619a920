"""Reader for Markdown with YAML (`---`) or TOML (`+++`) front matter, Hugo-style."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..markdown_engine import render_markdown, sanitise_html  # noqa: F401  (html_page sanitises with it)
from ..html_links import is_local_reference, local_references
from ..model import Article, SanitisedHtml, ShortcodeCall
from ..slugs import make_slug
from ..urls import without_tracking
from .front_matter import FrontMatter, split_front_matter, validated
from .common import content_path, desk_fields, file_modified, language_of, read_text, section_of, stem_key, title_from_lead
from ..config import MarkdownOptions
from ..content_layout import ContentLayout
from ..shortcodes import TOKEN_PATTERN, extract_shortcodes

_MORE = re.compile(r"<!--\s*more\s*-->", re.I)  # Hugo's summary divider
REF_SHORTCODES = ("ref", "relref")
_LINK_ARGUMENTS = ("src", "link", "href")  # shortcode arguments naming a file or page (figure's)
SECTION_FILE = "_index."  # Hugo's branch bundle: `posts/_index.md` describes the posts section


def read_markdown(path: Path, layout: ContentLayout) -> Article:
    text = read_text(path)
    front = split_front_matter(path, text)
    meta = validated(path, front, layout.taxonomies, layout.hugo)
    return article_from_front_matter(path, layout, meta, front, render_body(path, front.body, front.body_line,
                                                                                layout.markdown))


@dataclass(frozen=True)
class Body:
    """A source's body as sanitised HTML, with what only the site can fill in later."""

    html: str
    shortcodes: tuple[ShortcodeCall, ...] = ()
    summary: str = ""  # the text before Hugo's <!--more--> divider, when there is one


def render_body(path: Path, text: str, first_line: int, options: MarkdownOptions = MarkdownOptions()) -> Body:
    """Shortcodes out, Markdown rendered and sanitised; a shortcode's closing tag that
    closes nothing is a mistake Hugo refuses too."""
    def render(markdown_text: str) -> str:
        return render_markdown(markdown_text, options)

    text, calls, stray = extract_shortcodes(text, first_line, render)
    if stray:
        name, line = stray[0]
        raise SourceError(path, f"closing shortcode {{{{< /{name} >}}}} closes nothing", f"open it with {{{{< {name} >}}}} or delete it", line)
    divider = _MORE.search(text)
    html = render(_MORE.sub("", text, count=1))
    summary = _plain_text(render(text[:divider.start()])) if divider else ""
    return Body(html, calls, TOKEN_PATTERN.sub("", summary).strip())


def article_from_front_matter(path: Path, layout: ContentLayout, meta: dict[str, Any], front: FrontMatter,
                              body: Body | str) -> Article:
    """An article whose front matter says what it is and whose body is sanitised HTML."""
    body = Body(body) if isinstance(body, str) else body
    body_html = body.html
    text_html = _without_placeholders(body_html) if body.shortcodes else body_html
    lead = body.summary or meta.get("summary") or _first_paragraph_text(text_html)
    kind = "section" if path.name.startswith(SECTION_FILE) else "page"
    if not lead and not meta.get("title") and kind == "page":
        raise SourceError(path, "the article has neither a title nor any text", "add a title in the front matter and the article below it")
    lang = language_of(path, meta.get("lang"), front.lines.get("lang"),
                       lambda: _plain_text(text_html) or meta.get("title", ""), layout)
    title = meta.get("title") or ("" if kind == "section" else title_from_lead(lead))  # a section untitled: its folder's name
    build = meta.get("build", {})
    visible = not meta.get("headless", False)
    return Article(
        lang=lang,
        title=title,
        slug=make_slug(meta.get("slug") or title),
        blocks=(SanitisedHtml(body_html, body.shortcodes),) if body_html else (),
        source_path=path,
        summary=lead,
        date=meta.get("date") or meta.get("publish_date") or meta.get("updated"),
        attribution=meta.get("attribution", ""),
        source_url=without_tracking(meta["source"]) if meta.get("source") else "",
        translation_key=meta.get("translation_key", ""),
        stem_key=stem_key(path, layout),
        modified=file_modified(path),
        tags=meta.get("tags", ()),
        authors=meta.get("authors", ()),
        updated=meta.get("updated"),
        canonical=meta.get("canonical", ""),
        image=meta.get("image", ""),
        draft=bool(meta.get("draft", False)),
        section=make_slug(meta["section"], "section") if meta.get("section") else section_of(path, layout),
        content_path=content_path(path, layout),
        slug_given=meta.get("slug", ""),
        url=meta.get("url", ""),
        aliases=meta.get("aliases", ()),
        publish_date=meta.get("publish_date"),
        expiry_date=meta.get("expiry_date"),
        render=visible and build.get("render", True),
        listed=visible and build.get("list", True),
        weight=meta.get("weight", 0),
        link_title=meta.get("link_title", ""),
        taxonomies=tuple(sorted(meta.get("taxonomies", {}).items())),
        kind=kind,
        references=tuple(dict.fromkeys(
            local_references(body_html, layout.hugo) + _call_references(body.shortcodes, layout.hugo)
            + ((meta["image"],) if is_local_reference(meta.get("image", "")) else ()))),
        shortcodes=tuple((call.name, call.line, _ref_target(call)) for call in body.shortcodes),
        params=page_params(front.values),
        **desk_fields(meta),
    )


def _without_placeholders(html: str) -> str:
    """The body's own text, for its lead and language: a shortcode's output is not known yet."""
    return TOKEN_PATTERN.sub("", re.sub(r"<p>NRSC\d{4,}Z</p>", "", html))


def _ref_target(call: ShortcodeCall) -> str:
    """The page a ref or relref shortcode names ('' for other shortcodes)."""
    if call.name not in REF_SHORTCODES:
        return ""
    return call.args[0] if call.args else dict(call.named).get("path", "")


def _call_references(calls: tuple[ShortcodeCall, ...], hugo: bool) -> tuple[str, ...]:
    """What shortcodes point at: the pages ref and relref name, the files and pages a
    figure's src or link names, and the links of their inner text; resolved like links."""
    targets: list[str] = []
    for call in calls:
        named = dict(call.named)
        targets.append(_ref_target(call))
        targets += [named[key] for key in _LINK_ARGUMENTS if is_local_reference(named.get(key, ""), hugo)]
        targets += local_references(call.inner_html, hugo)
    return tuple(dict.fromkeys(target for target in targets if target))


def page_params(values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Front matter scalars by lowercased key, as text, with a `params` table's own: what
    Hugo's .Params holds (templates and the param shortcode read it)."""
    flat = {**{str(k): v for k, v in values.items()}, **(values.get("params") if isinstance(values.get("params"), dict) else {})}
    params = {}
    for key, value in flat.items():
        if isinstance(value, bool):
            params[key.lower()] = "true" if value else "false"
        elif isinstance(value, (str, int, float, dt.date)):
            params[key.lower()] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return tuple(sorted(params.items()))


class _TextCollector(HTMLParser):
    def __init__(self, first_paragraph_only: bool):
        super().__init__()
        self.first_only = first_paragraph_only
        self.depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.parts.append(" ")
            if self.first_only and self.parts and "".join(self.parts).strip():
                self.done = True

    def handle_data(self, data):
        if not self.done and (self.depth or not self.first_only):
            self.parts.append(data)


def _first_paragraph_text(fragment: str) -> str:
    collector = _TextCollector(first_paragraph_only=True)
    end = fragment.find("</p>")
    collector.feed(fragment if end == -1 else fragment[: end + 4])
    return re.sub(r"\s+", " ", "".join(collector.parts)).strip()


def _plain_text(fragment: str) -> str:
    collector = _TextCollector(first_paragraph_only=False)
    collector.feed(fragment)
    return re.sub(r"\s+", " ", "".join(collector.parts)).strip()
