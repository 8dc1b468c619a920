"""Hugo shortcodes in a Markdown body: found before the Markdown is rendered, expanded after.

`{{< name args >}}` and `{{% name args %}}…{{% /name %}}` are replaced by a placeholder
word the Markdown engine leaves alone; each call (its name, arguments and inner text,
the inner text already rendered as Markdown) travels with the sanitised body, and the
renderer puts each template's output (`shortcodes/NAME.html`) in the placeholder's
place. `{{</* name */>}}` is Hugo's way of showing a shortcode: it stays as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import ShortcodeCall

# A placeholder is one word of letters and digits: no Markdown engine changes it, and a
# block shortcode's own paragraph (<p>TOKEN</p>) is recognised and unwrapped.
TOKEN_PATTERN = re.compile(r"NRSC(\d{4,})Z")
_TAG = re.compile(r"\{\{([<%])(/\*)?\s*(/)?\s*([\w./-]+)?(.*?)\s*(\*/)?\s*(/)?\s*([>%])\}\}", re.S)
_ARG = re.compile(r'\s*(?:([\w-]+)\s*=\s*)?(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+))', re.S)


def token(number: int) -> str:
    return f"NRSC{number:04d}Z"


@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    name: str
    closing: bool
    self_closing: bool
    markdown: bool  # {{% %}}: its inner text is Markdown of the page
    args: tuple[str, ...]
    named: tuple[tuple[str, str], ...]


@dataclass
class _Frame:
    tag: _Tag | None
    parts: list[str]


def _tags(text: str, on_escaped: Callable[[re.Match], str]) -> tuple[str, list[_Tag | str]]:
    """The text's pieces in order: text between tags, and the tags themselves."""
    pieces: list[_Tag | str] = []
    last = 0
    for match in _TAG.finditer(text):
        opener, comment, closing, name, rest, uncomment, slash, closer = match.groups()
        pieces.append(text[last:match.start()])
        last = match.end()
        if comment and uncomment:  # {{</* figure */>}}: shown as written, without the comment marks
            pieces.append(on_escaped(match))
            continue
        if not name or (opener == "<") != (closer == ">"):
            pieces.append(match.group(0))  # not a shortcode: '{{<' in prose or code
            continue
        args, named = _arguments(rest or "")
        pieces.append(_Tag(match.start(), match.end(), name, bool(closing), bool(slash), opener == "%", args, named))
    pieces.append(text[last:])
    return text, pieces


def _arguments(raw: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Positional arguments, or named ones (Hugo takes one kind or the other)."""
    args, named = [], []
    for match in _ARG.finditer(raw):
        key, quoted, raw_string, bare = match.groups()
        value = quoted.replace('\\"', '"') if quoted is not None else raw_string if raw_string is not None else bare
        if key:
            named.append((key, value))
        elif value is not None:
            args.append(value)
    return tuple(args), tuple(named)


def _escaped(match: re.Match) -> str:
    opener, closer = match.group(1), match.group(8)
    inside = match.group(0)[3:-3].strip()[2:-2].strip()
    return f"{{{{{opener} {inside} {closer}}}}}"


# An inline shortcode (`{{< time.inline >}}{{ now }}{{< /time.inline >}}`) is a Go template in the
# page; Hugo leaves it out unless enableInlineShortcodes is on, and newsroom runs no Go templates.
INLINE_SUFFIX = ".inline"


def extract_shortcodes(body: str, body_line: int,
                       render_inner: Callable[[str], str]) -> tuple[str, tuple[ShortcodeCall, ...], list[tuple[str, int]]]:
    """(the body with a placeholder for each shortcode, the calls, stray closing tags with
    their lines). `render_inner` turns a paired shortcode's inner text into sanitised HTML."""
    if "{{" not in body:
        return body, (), []
    _, pieces = _tags(body, _escaped)
    calls: list[ShortcodeCall] = []
    stray: list[tuple[str, int]] = []
    stack = [_Frame(None, [])]

    def line_of(tag: _Tag) -> int:
        return body_line + body.count("\n", 0, tag.start)

    def standalone(tag: _Tag) -> str:
        if tag.name.endswith(INLINE_SUFFIX):
            return ""
        calls.append(ShortcodeCall(token(len(calls)), tag.name, tag.args, tag.named, None, "", tag.markdown, line_of(tag)))
        return calls[-1].token

    for piece in pieces:
        if isinstance(piece, str):
            stack[-1].parts.append(piece)
        elif not piece.closing:
            if piece.self_closing:
                stack[-1].parts.append(standalone(piece))
            else:
                stack.append(_Frame(piece, []))
        elif any(frame.tag is not None and frame.tag.name == piece.name for frame in stack):
            while stack[-1].tag.name != piece.name:  # opened inside and never closed: standalone
                _unwind(stack, standalone)
            frame = stack.pop()
            if frame.tag.name.endswith(INLINE_SUFFIX):
                continue
            inner = "".join(frame.parts)
            call = ShortcodeCall(token(len(calls)), frame.tag.name, frame.tag.args, frame.tag.named, inner.strip("\n"),
                                 render_inner(inner), frame.tag.markdown, line_of(frame.tag))
            calls.append(call)
            stack[-1].parts.append(call.token)
        else:
            stray.append((piece.name, line_of(piece)))
    while len(stack) > 1:
        _unwind(stack, standalone)
    return "".join(stack[0].parts), tuple(calls), stray


def _unwind(stack: list[_Frame], standalone: Callable[[_Tag], str]) -> None:
    """A shortcode never closed has no inner text: what followed it goes back to its parent."""
    frame = stack.pop()
    stack[-1].parts.append(standalone(frame.tag))
    stack[-1].parts.extend(frame.parts)


def expand(html: str, calls: tuple[ShortcodeCall, ...], render: Callable[[ShortcodeCall, str], str]) -> str:
    """Put each call's output in its placeholder's place. `render(call, inner_html)` gets the
    call's inner HTML with its own nested calls already expanded."""
    if not calls:
        return html
    by_token = {call.token: call for call in calls}
    done: dict[str, str] = {}

    def output(name: str) -> str:
        if name not in by_token:
            return name  # the word written in the text itself, not a placeholder of this body
        if name not in done:
            call = by_token[name]
            done[name] = ""  # a call nested in itself (never produced, but never loops either)
            done[name] = render(call, _replace(call.inner_html, output))
        return done[name]

    return _replace(html, output)


def _replace(html: str, output: Callable[[str], str]) -> str:
    if "NRSC" not in html:
        return html
    html = re.sub(r"<p>(NRSC\d{4,}Z)</p>", lambda m: output(m.group(1)), html)
    return TOKEN_PATTERN.sub(lambda m: output(m.group(0)), html)
