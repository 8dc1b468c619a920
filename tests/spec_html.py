"""HTML compared as the CommonMark spec compares it, for tests/test_commonmark.py and bench/markdown_engines.py."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

BLOCKS = ("address|article|aside|blockquote|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li"
          "|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul")


class _SpecNormaliser(HTMLParser):
    """The spec's own way of comparing HTML (its test/normalize.py, rewritten): strict about tags and text,
    not about whitespace between blocks, attribute order or how a character is escaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.pre = 0

    def handle_data(self, data: str) -> None:
        self.out.append(html_lib.escape(data if self.pre else re.sub(r"\s+", " ", data), quote=False))

    def handle_starttag(self, tag: str, attrs) -> None:
        self.pre += tag == "pre"
        self.out.append(f"<{tag}" + "".join(f' {k}="{html_lib.escape(v or "")}"' for k, v in sorted(attrs)) + ">")

    def handle_endtag(self, tag: str) -> None:
        self.pre -= tag == "pre"
        self.out.append(f"</{tag}>")

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)           # <br /> and <br> are one thing

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def spec_normal(fragment: str) -> str:
    normaliser = _SpecNormaliser()
    normaliser.feed(fragment)
    normaliser.close()
    joined = "".join(normaliser.out)
    return re.sub(rf" ?(</?(?:{BLOCKS}|br|img)\b[^>]*>) ?", r"\1", joined).strip()
