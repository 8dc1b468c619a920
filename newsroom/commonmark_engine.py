"""Markdown as Hugo's Goldmark renders it by default (CommonMark + GFM), for `markdown = "commonmark"`.

The parser is pulldown-cmark, through pyromark: of the three compiled parsers compared it alone passes
all 652 CommonMark 0.31.2 spec examples (markdown-it-pyrs 649, cmarkgfm 641), it is maintained, and it
has the extensions Hugo turns on (tables, strikethrough, task lists, footnotes, definition lists, heading
attributes). It parses a 1,000-word article in 0.05 ms (cmarkgfm 0.3, markdown-it-pyrs 0.5); with this
module's passes and nh3, about 2 ms against Python-Markdown's 10 (bench/markdown_engines.py).
What Goldmark does that pulldown-cmark does not, this module does around it:
- before rendering, one walk over pulldown-cmark's events, which carry their source offsets, rewrites
  the Markdown where Goldmark reads it otherwise: typographer punctuation, linkified URLs, raw HTML
  omitted, heading attributes `{#id .class}` (each heading gets a marker comment);
- after rendering, markers become heading attributes (with ids in Hugo's "github" style), and footnotes,
  task-list checkboxes and definition terms take Goldmark's shape.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from itertools import count

import pyromark

_OPTIONS = pyromark.Options
_MARKDOWN = pyromark.Markdown(options=_OPTIONS.ENABLE_TABLES | _OPTIONS.ENABLE_STRIKETHROUGH | _OPTIONS.ENABLE_TASKLISTS
                              | _OPTIONS.ENABLE_FOOTNOTES | _OPTIONS.ENABLE_DEFINITION_LIST)
OMITTED = "<!-- raw HTML omitted -->"
# Stand-ins for omitted raw HTML in the rewritten source (private-use characters), swapped after rendering:
# a comment there could start an HTML block. Hugo drops HTML comments rather than mark them omitted.
_OMITTED_INLINE, _DROPPED_INLINE, _DROPPED_BLOCK = "\ue000", "\ue001", "<!--nr-dropped-->"
_INLINE = {"Emphasis", "Strong", "Strikethrough", "Link", "Image"}
_TYPOGRAPHY = {b"---": "\u2014", b"...": "\u2026", b"--": "\u2013", b"<<": "\u00ab", b">>": "\u00bb"}

# Goldmark's linkify: a URL, www. address or e-mail starting a line, after a space, one of *_~( or another
# inline node; its host ends in a lowercase TLD; trailing punctuation stays out.
_HOST = rb"[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+"
_PATH = rb"(?:[/#?][-a-zA-Z0-9@:%_+.~#!?&/=();,'\">^{}\[\]`$]*)?"
_URL = re.compile(rb"(?:https?|ftp)://" + _HOST + rb"(?::[0-9]+)?" + _PATH + rb"|www\." + _HOST + _PATH.replace(b"$", b""))
_LABEL = rb"[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?"
_EMAIL = re.compile(rb"(?=[a-zA-Z0-9])[-a-zA-Z0-9!#$%&'*+/=?^_`{|}~.]+@" + _LABEL + rb"(?:\." + _LABEL + rb")*")
_ASCII_PUNCT = re.compile(rb"([!-/:-@\[-`{-~])")
# Where linkify or the typographer may act: a first character, then lookbehinds (quick to search for).
# E-mails are slow to look for, so only text with an @ does.
_LINKIFY_AT = rb"(?<=[\s*_~(]h)ttps?://|(?<=[\s*_~(]f)tp://|(?<=[\s*_~(]w)ww\."
_TYPOGRAPHER_AT = rb"""(?<=\.)\.\.|(?<=-)-|(?<=<)<?|(?<=>)>|(?<=['"])"""
_EMAIL_AT = rb"(?<=[\s*_~(])[a-zA-Z0-9][-a-zA-Z0-9!#$%&'*+/=?^_`{|}~.]*@|"


def _trigger_pattern(typographer: bool, email: bool) -> re.Pattern[bytes]:
    first = rb"""[hfw.<>'"-]""" if typographer else rb"[hfw]"
    rest = _LINKIFY_AT + (b"|" + _TYPOGRAPHER_AT if typographer else b"")
    return re.compile((_EMAIL_AT if email else b"") + first + b"(?:" + rest + b")")


_TRIGGERS = {(typographer, email): _trigger_pattern(typographer, email)
             for typographer in (True, False) for email in (True, False)}

# Goldmark's heading attributes: a `{#id .class key=value key="v w"}` block ending the heading's line.
_ATTR = rb"""(?:[#.][^\s{}#.]+|[A-Za-z_:][-\w.:]*=(?:"(?:[^"\\]|\\.)*"|[^\s"'{}=]+))"""
_ATTRS = re.compile(rb"\{[ \t]*(?:" + _ATTR + rb"(?:[ \t]+" + _ATTR + rb")*)?[ \t]*\}[ \t]*$")
_ATX = re.compile(rb"[ \t]*#{1,6}(?:[ \t]+|$)")
_CLOSING, _TRAILING = re.compile(rb"(?:(?:^|[ \t]+)#+)?[ \t]*$"), re.compile(rb"[ \t]*$")
_MARKER = re.compile(r"<!--nrh(\d+)--></h([1-6])>")

_FOOTNOTE = re.compile(r'<div class="footnote-definition" id="[^"]*"><sup class="footnote-definition-label">(\d+)</sup>\n?')
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-reference"><a href="#[^"]*">(\d+)</a></sup>')
_DIV = re.compile(r"<(/?)div\b")
_TASK = re.compile(r'<input disabled="" type="checkbox"( checked="")?/>\n?')


def render_commonmark(text: str, *, unsafe: bool = False, typographer: bool = True, heading_ids: bool = True) -> str:
    """Markdown -> HTML as Hugo's Goldmark does by default (NOT sanitised: the caller runs nh3 on it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")   # sources are read as they are; Goldmark takes CRLF
    rewrite = _Rewrite(text.encode(), unsafe, typographer, heading_ids)
    for event, span in _MARKDOWN.events_with_range(text):
        rewrite.feed(event, span["start"], span["end"])
    html = _MARKDOWN.html(rewrite.source().decode())
    if not unsafe:
        html = html.replace(_OMITTED_INLINE, OMITTED).replace(_DROPPED_INLINE, "").replace(_DROPPED_BLOCK, "")
    if rewrite.headings:
        html = _heading_attributes(html, rewrite.headings)
    if 'class="footnote-' in html:
        html = _footnotes(html)
    if "<dt>" in html:                             # each line of a term is a term for Goldmark
        html = re.sub(r"<dt>.*?</dt>", lambda m: m[0].replace("\n", "</dt>\n<dt>"), html, flags=re.S)
    return _TASK.sub(lambda m: f'<input{m[1] or ""} disabled="" type="checkbox"> ', html)


@dataclass
class _Heading:
    cut: int | None            # where a Goldmark attribute block (and the closing #s before it) starts
    attrs: dict[str, str]
    last_line: int             # Goldmark makes the id of the inline nodes starting on the last line
    text: list[str] = field(default_factory=list)
    end: int | None = None     # end of the inline content, where the marker goes
    depth: int = 0             # of inline containers: emphasis, links...
    keep: bool = True          # this inline node counts for the id


class _Rewrite:
    """Edits of the Markdown source, found walking pulldown-cmark's events, that make it read as Goldmark reads it."""

    def __init__(self, src: bytes, unsafe: bool, typographer: bool, heading_ids: bool):
        self.src, self.unsafe, self.typographer, self.heading_ids = src, unsafe, typographer, heading_ids
        self.edits: list[tuple[int, int, bytes]] = []
        self.headings: list[dict[str, str]] = []   # the attributes of each marked heading
        self.ids: set[str] = set()
        self.heading: _Heading | None = None
        self.code = self.label = 0                 # depth in code blocks; in link text or image alt
        self.quotes = [0, 0]                       # unclosed ‘ and “, which Goldmark counts
        self.blocks = [len(src)]                   # where open blocks' text ends: no newline on a last line
        self.done = 0                              # the source before this offset is rewritten already
        self.boundary = True                       # the next text starts a Goldmark text segment
        self.leaf_end = 0

    def source(self) -> bytes:
        out, pos = [], 0
        for start, end, new in self.edits:
            out += [self.src[pos:start], new]
            pos = end
        return b"".join(out) + self.src[pos:]

    def edit(self, start: int, end: int, new: bytes) -> None:
        self.edits.append((start, end, new))
        self.done = max(self.done, end)

    def feed(self, event: dict | str, start: int, end: int) -> None:
        kind, value = event.popitem() if isinstance(event, dict) else (event, None)
        if self.heading and not self.heading.depth:
            self.heading.keep = start >= self.heading.last_line
        if kind in ("Start", "End"):
            tag = value if isinstance(value, str) else next(iter(value))
            self.start(tag, value, start, end) if kind == "Start" else self.end(tag)
            if tag == "Heading":
                return
        elif end <= self.done or self.code:        # rewritten already, or code
            pass
        elif kind == "Text":
            self.text(value, start, end)
        elif kind == "InlineHtml" and start < self.done:
            self.scan(self.done, end, False)       # `<<tag>`: Goldmark's typographer took `<<`, the rest is text
        else:                                      # code spans, breaks, raw HTML, footnote references...
            if kind == "InlineHtml" and not self.unsafe:
                self.edit(start, end, (_DROPPED_INLINE if value.startswith("<!--") else _OMITTED_INLINE).encode())
            self.heading_text(value if kind == "Code" else "")
            self.boundary, self.leaf_end = True, end
        if self.heading:
            self.heading.end = end if self.heading.cut is None else self.heading.cut

    def start(self, tag: str, value: dict | str, start: int, end: int) -> None:
        self.boundary = True
        if tag not in _INLINE:
            self.blocks.append(start + len(self.src[start:end].rstrip()))
        elif self.heading:
            self.heading.depth += 1
        if tag == "CodeBlock":
            self.code += 1
        elif tag in ("Link", "Image"):
            self.label += 1
            if self.heading and value[tag]["link_type"] in ("Autolink", "Email"):
                self.heading.keep = False          # Goldmark's ids leave autolinks out
        elif tag == "HtmlBlock" and not self.unsafe:
            omitted = _DROPPED_BLOCK if self.src.startswith(b"<!--", start) else OMITTED
            self.edit(start, end, omitted.encode() + b"\n")
        elif tag == "Heading":
            self.heading = self.open_heading(start, end)

    def end(self, tag: str) -> None:
        self.boundary = True
        if tag not in _INLINE:
            self.blocks.pop()
        elif self.heading:
            self.heading.depth -= 1
        if tag == "CodeBlock":
            self.code -= 1
        elif tag in ("Link", "Image"):
            self.label -= 1
        elif tag == "Heading" and self.heading:
            self.close_heading(self.heading)
            self.heading = None

    def text(self, value: str, start: int, end: int) -> None:
        raw = self.src[start:end]
        if raw != value.encode():                  # an entity or an escape: literal for Goldmark too
            self.heading_text(raw.decode() if raw.startswith(b"&#") else value)   # an id keeps "&#169;" as is
            self.boundary, self.leaf_end = raw[:1] == b"&", end
            return
        escaped = start > self.leaf_end and self.src[start - 1:start] == b"\\"
        self.scan(max(start, self.done), end, escaped)
        self.boundary, self.leaf_end = False, end

    def scan(self, start: int, end: int, escaped: bool) -> None:
        """Typographer and linkify over plain text, where Goldmark's inline parsers would meet it."""
        limit = None                               # a URL may run on in its line, not into heading attributes
        if self.heading and self.heading.cut is not None:
            end, limit = min(end, self.heading.cut), self.heading.cut
        src, out, last, at = self.src, [], start, start
        email = b"@" in src[start:end + 64]
        triggers = _TRIGGERS[self.typographer, email]
        fresh = start if self.boundary and not escaped else -1
        while at < end:
            hit = self.autolink(at, limit) if at == fresh and (email or src[at] in b"hfw") else None
            if hit is None:
                match = triggers.search(src, at, end + 64)     # `--`, `>>`... may run into the next event
                if match is None or match.start() >= end:
                    break
                at = match.start()
                hit = None if escaped and at == start else \
                    self.typography(at) if src[at] in b"-.<>'\"" else self.autolink(at, limit)
            if hit is None:
                at += 1
                continue
            length, new, shown = hit
            out += [src[last:at].decode(), shown]
            self.edit(at, at + length, new)
            last = at = fresh = at + length
        self.heading_text("".join(out) + (src[last:end].decode() if last < end else ""))

    def autolink(self, at: int, limit: int | None) -> tuple[int, bytes, str] | None:
        limit = limit or _line_end(self.src, at)
        if self.label or not (match := _URL.match(self.src, at, limit) or _EMAIL.match(self.src, at, limit)):
            return None
        url = match.group()
        if match.re is _EMAIL:                     # a local part, @, a domain with a dot, then no - or _
            url = url.removesuffix(b".")
            if b"." not in url[url.index(b"@"):-1] or self.src[at + len(url):at + len(url) + 1] in (b"-", b"_"):
                return None
        elif url.endswith(b")"):                   # an unbalanced ) is not the URL's
            url = url[:len(url) - max(url.count(b")") - url.count(b"("), 0)]
        else:                                      # nor a last dot, nor an entity-like &amp;
            url = re.sub(rb"(?:\.|&[a-zA-Z0-9]+;)\Z", b"", url, count=1)
        url = url.rstrip(b"?!.,:*_~")
        href = b"mailto:" + url if match.re is _EMAIL else b"https://" + url if url.startswith(b"www.") else url
        link = b"[" + _ASCII_PUNCT.sub(rb"\\\1", url) + b"](<" + _ASCII_PUNCT.sub(rb"\\\1", href) + b">)"
        return len(url), link, ""                  # Goldmark's ids leave autolinks out

    def typography(self, at: int) -> tuple[int, bytes, str] | None:
        for length in (3, 2):
            if new := _TYPOGRAPHY.get(self.src[at:at + length]):
                return length, new.encode(), new
        if self.src[at] == ord("<"):               # text like `<a href="x'>` stays text when its quotes curl
            return (1, b"\\<", "<") if re.match(rb"<[^>\n]*['\"]", self.src[at:at + 200]) else None
        new = _quote(self.src, at, self.quotes, self.blocks[-1]) if self.src[at] in b"'\"" else None
        return None if new is None else (1, new.encode(), new)

    def open_heading(self, start: int, end: int) -> _Heading:
        """A heading, and the Goldmark attribute block `{...}` that may end its (last) line."""
        src = self.src
        body_end = end - (src[end - 1] == ord("\n"))
        atx = _ATX.match(src, start, body_end)
        if not atx:                                # setext: attributes end the line above the underline
            body_end = src.rfind(b"\n", start, body_end)
        line_start = atx.end() if atx else src.rfind(b"\n", start, body_end) + 1
        line, closing = src[line_start:body_end], _CLOSING if atx else _TRAILING
        for brace in (i for i in range(len(line) - 1, -1, -1) if line[i] == ord("{")):
            if (brace == 0 or line[brace - 1] != ord("\\")) and _ATTRS.match(line, brace):
                self.blocks[-1] = line_start + len(closing.sub(b"", line[:brace], count=1))
                return _Heading(self.blocks[-1], _parse_attrs(line[brace:]), line_start)
        self.blocks[-1] = line_start + len(closing.sub(b"", line, count=1))
        return _Heading(None, {}, line_start)

    def heading_text(self, text: str) -> None:
        if self.heading and self.heading.keep and text:
            self.heading.text.append(text)

    def close_heading(self, heading: _Heading) -> None:
        attrs = heading.attrs
        if "id" in attrs:
            self.ids.add(attrs["id"])
        elif self.heading_ids and heading.text:    # Goldmark's duplicates: results, results-1, results-2...
            base = _github_id("".join(heading.text).strip()) or "heading"
            attrs["id"] = base if base not in self.ids else next(
                f"{base}-{n}" for n in count(1) if f"{base}-{n}" not in self.ids)
            self.ids.add(attrs["id"])
        if attrs and heading.end is not None:      # after a `\`, a marker needs a space not to be escaped
            marker = b" " * (self.src[heading.end - 1] == ord("\\")) + f"<!--nrh{len(self.headings)}-->".encode()
            self.headings.append(attrs)
            self.edit(heading.end, heading.end if heading.cut is None else _line_end(self.src, heading.cut), marker)


def _line_end(src: bytes, at: int) -> int:
    end = src.find(b"\n", at)
    return len(src) if end < 0 else end


def _quote(src: bytes, at: int, unclosed: list[int], block_end: int) -> str | None:
    """Goldmark's typographer on one ' or ": curly by flanking, apostrophes by the letters around them."""
    start = at - 1
    while start > 0 and 0x80 <= src[start] < 0xC0:
        start -= 1
    before = src[start:at].decode() if at else "\n"
    stop = min(at + 6, block_end)                  # Goldmark's line: to its newline, none on a block's last line
    newline = src.find(b"\n", at, stop)
    rest = src[at + 1:stop if newline < 0 else newline + 1].decode(errors="ignore")
    run = at + 1
    while src[run:run + 1] == src[at:at + 1]:     # flanking looks past a run of quotes
        run += 1
    after = src[run:run + 4].decode(errors="ignore")[:1] or "\n"
    opens, closes = _flanking(before, after), _flanking(after, before)
    closing = closes and not opens or opens and closes and _punct(rest[:1], "P") and (len(rest) == 1 or _mark(rest[1]))
    if src[at] == ord('"'):
        if opens and not closes:
            unclosed[1] += 1
            return "\u201c"
        if unclosed[1] and closing and not (rest[:1] == '"' and before.isdecimal()):
            unclosed[1] -= 1
            return "\u201d"
        return None
    if opens and not closes and rest[:2].isascii() and rest[:2].isdigit() and rest[2:3] == "s" \
            and (len(rest) < 4 or rest[3].isspace() or _punct(rest[3])):
        return "\u2019"                            # '90s
    if rest and ((_punct(before, "P") or before.isspace()) and rest[0] in "tenl"
                 or (before.isdecimal() or before.isalpha()) and rest[0].isalpha()):
        return "\u2019"                            # 'twas, l'été
    if opens and not closes:
        if rest[:1] in ("s", "m", "t", "d") and (len(rest) < 2 or _mark(rest[1])) \
                or rest[:2] in ("ve", "ll", "re") and (len(rest) < 3 or _mark(rest[2])):
            return "\u2019"                        # 's, 'm, 've...
        unclosed[0] += 1
        return "\u2018"
    if len(rest) >= 2 and not rest[0].isdecimal():
        return "\u2019"                            # Smiths'
    if unclosed[0] and closing:
        unclosed[0] -= 1
        return "\u2019"
    return None


def _punct(char: str, categories: str = "PS") -> bool:
    """CommonMark's Unicode punctuation (P and S); Go's unicode.IsPunct is P alone."""
    return bool(char) and unicodedata.category(char)[0] in categories


def _mark(char: str) -> bool:
    return char.isascii() and (char.isspace() or _punct(char))


def _flanking(before: str, after: str) -> bool:
    """CommonMark's left-flanking rule; with the two characters swapped, the right-flanking one."""
    return not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))


def _parse_attrs(block: bytes) -> dict[str, str]:
    attrs, classes = {}, []
    for token in (match.group().decode() for match in re.finditer(_ATTR, block)):
        name, value = ("id" if token[0] == "#" else "class", token[1:]) if token[0] in "#." else token.split("=", 1)
        value = re.sub(r"\\(.)", r"\1", value[1:-1]) if value.startswith('"') else value
        classes += [value] if name == "class" else []
        attrs.update({} if name == "class" else {name: value})
    return attrs | ({"class": " ".join(classes)} if classes else {})


def _github_id(text: str) -> str:
    """Hugo's `autoHeadingIDType = "github"`: lowercase letters and digits, - and _; a - for each space."""
    return "".join("-" if c == " " else c for c in text.lower() if c in " -_" or c.isalpha() or c.isdecimal())


def _heading_attributes(html: str, headings: list[dict[str, str]]) -> str:
    out, pos = [], 0
    for match in _MARKER.finditer(html):
        level, opening = match[2], html.rfind(f"<h{match[2]}>", 0, match.start())
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in headings[int(match[1])].items())
        content = html[opening + 4:match.start()].removesuffix(" ")   # less a marker's space
        out += [html[pos:opening], f"<h{level}{attrs}>", content, f"</h{level}>"]
        pos = match.end()
    return "".join(out) + html[pos:]


def _footnotes(html: str) -> str:
    """Goldmark's footnotes: numbered by first reference, gathered at the end, each with its back-links."""
    numbers: dict[str, str] = {}
    refs: dict[str, int] = {}

    def reference(match: re.Match) -> str:
        number = numbers.setdefault(match[1], str(len(numbers) + 1))
        refs[number] = refs.get(number, 0) + 1
        ref = "fnref" if refs[number] == 1 else f"fnref{refs[number] - 1}"
        return f'<sup id="{ref}:{number}"><a href="#fn:{number}" class="footnote-ref" role="doc-noteref">{number}</a></sup>'

    html, bodies = _FOOTNOTE_REF.sub(reference, html), {}
    while match := _FOOTNOTE.search(html):       # cut each definition out, to its balancing </div>
        depth, close = 1, len(html)
        for div in _DIV.finditer(html, match.end()):
            depth += -1 if div[1] else 1
            if depth == 0:
                close = div.start()
                break
        bodies[match[1]] = html[match.end():close]
        html = html[:match.start()] + html[close:].removeprefix("</div>").removeprefix("\n")
    items = []
    for label, number in numbers.items():
        back = "".join(f'&#160;<a href="#fnref{k or ""}:{number}" class="footnote-backref" role="doc-backlink">'
                       "&#x21a9;&#xfe0e;</a>" for k in range(refs[number]))
        body = bodies.get(label, "")
        items.append(f'<li id="fn:{number}">\n' + (body[:-5] + back + "</p>\n" if body.endswith("</p>\n") else body + back)
                     + "</li>\n")
    return html + ('<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n' + "".join(items) + "</ol>\n</div>\n"
                   if items else "")
