"""Hugo shortcodes: Jinja templates in the theme (shortcodes/NAME.html) a site can add to or
replace; never printed as `{{<` text; their arguments escaped; bundle files and the pages
they name resolved. Hugo's own output for the built-ins is compared in test_hugo_sites."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from helpers import build, parse, run_cli, write_sources
from newsroom.errors import BuildFailed
from newsroom.shortcodes import extract_shortcodes

HUGO_TOML = 'baseURL = "https://example.org/"\ndefaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n'
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5ee0c6b0000000049454e44ae426082")


def hugo_site(root: Path, files: dict[str, str | bytes], templates: dict[str, str] | None = None) -> Path:
    (root / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    write_sources(root / "content", files)
    write_sources(root / "templates", templates or {})
    return root


def build_hugo(root: Path, **options):
    return build(root / "content", root / "site", templates=root / "templates", **options)


def body(page: Path):
    (story,) = parse(page).xpath('//div[@class="story-body"]')
    return story


def page_text(page: Path) -> str:
    return " ".join(body(page).xpath(".//text()"))


def test_nested_paired_and_escaped_shortcodes_are_found_with_their_lines():
    text = ('Intro {{< param "x" >}}\n\n{{% details summary="S" %}}\nA *b* {{< param y >}}\n{{% /details %}}\n'
            '{{</* figure src="a.png" */>}}\n{{< figure src="b.png" />}}\n')
    out, calls, stray = extract_shortcodes(text, 5, lambda inner: f"<p>{inner.strip()}</p>")
    by_name = {call.name: call for call in calls}
    assert stray == []
    assert set(by_name) == {"param", "details", "figure"} and len(calls) == 4
    details = by_name["details"]
    assert details.markdown and details.line == 7 and dict(details.named) == {"summary": "S"}
    nested = next(call for call in calls if call.name == "param" and call.args == ("y",))
    assert nested.token in details.inner_html and nested.token not in out
    assert '{{< figure src="a.png" >}}' in out, "the escaped form is shown as the shortcode it writes"
    assert by_name["figure"].inner is None and dict(by_name["figure"].named) == {"src": "b.png"}
    assert "{{<" not in out.replace('{{< figure src="a.png" >}}', "") and "{{%" not in out


def test_quoted_raw_and_bare_arguments():
    _, calls, _ = extract_shortcodes('{{< x "two words" `raw "q"` bare >}}{{< y a="1" b=2 c=`z` >}}', 1, str)
    by_name = {call.name: call for call in calls}
    assert by_name["x"].args == ("two words", 'raw "q"', "bare")
    assert dict(by_name["y"].named) == {"a": "1", "b": "2", "c": "z"}


def test_an_unknown_shortcode_warns_with_file_and_line_and_shows_its_inner_content(tmp_path):
    site = hugo_site(tmp_path, {"posts/a.md": "---\ntitle: A\n---\nFirst.\n\n{{< callout kind=\"note\" >}}\nMind the **gap**.\n{{< /callout >}}\n\n{{< banner >}}\n"})
    report = build_hugo(site)
    (warning,) = [p for p in report.problems if "unknown shortcode" in p.message and "callout" in p.message]
    assert warning.warning and warning.path.name == "a.md" and warning.line == 6
    assert "templates/shortcodes/callout.html" in warning.hint
    story = body(site / "site" / "posts" / "a" / "index.html")
    assert story.xpath(".//strong/text()") == ["gap"]
    assert "{{" not in page_text(site / "site" / "posts" / "a" / "index.html")
    assert any("banner" in p.message for p in report.problems)


def test_a_site_adds_and_replaces_shortcodes_in_its_templates_folder(tmp_path):
    site = hugo_site(tmp_path, {"posts/a.md": '---\ntitle: A\n---\n{{< callout kind="note" >}}Take *care*{{< /callout >}}\n\n'
                                              '{{< youtube abc >}}\n'},
                     {"shortcodes/callout.html": '<aside class="callout-{{ params.kind }}">{{ inner_html }}</aside>',
                      "shortcodes/youtube.html": '<p class="video">{{ args[0] }}</p>'})
    report = build_hugo(site)
    assert not [p for p in report.problems if "shortcode" in p.message]
    story = body(site / "site" / "posts" / "a" / "index.html")
    assert story.xpath('.//aside[@class="callout-note"]//em/text()') == ["care"]
    assert story.xpath('.//p[@class="video"]/text()') == ["abc"] and not story.xpath(".//iframe")


def test_arguments_and_inner_text_are_escaped_or_sanitised(tmp_path):
    site = hugo_site(tmp_path, {"posts/a.md": '---\ntitle: A\n---\n'
                                              '{{< figure src="x.png\\" onerror=\\"alert(1)" alt="<script>alert(2)</script>" '
                                              'caption="<img src=y onerror=alert(3)> *c*" >}}\n\n'
                                              '{{< details summary="<b>s</b>" >}}\n<script>alert(4)</script> ok\n{{< /details >}}\n'})
    build_hugo(site)
    story = body(site / "site" / "posts" / "a" / "index.html")
    assert not story.xpath(".//script") and not story.xpath(".//@onerror")
    assert story.xpath(".//img/@alt") == ["<script>alert(2)</script>"]
    assert story.xpath(".//figcaption/em/text()") == ["c"]
    assert story.xpath(".//summary/text()") == ["<b>s</b>"]


def test_video_and_post_embeds_are_links_or_privacy_players_the_csp_allows(tmp_path):
    site = hugo_site(tmp_path, {"posts/a.md": '---\ntitle: A\n---\n{{< youtube w7Ft2ymGmfc >}}\n\n{{< vimeo 146022717 >}}\n\n'
                                              '{{< x user="SanDiegoZoo" id="1453110110599868418" >}}\n\n'
                                              '{{< instagram CxOWiQNP2MO >}}\n\n{{< gist spf13 7896402 >}}\n'})
    report = build_hugo(site)
    assert not [p for p in report.problems if "shortcode" in p.message]
    page = site / "site" / "posts" / "a" / "index.html"
    story = body(page)
    frames = story.xpath(".//iframe")
    assert [f.get("src").split("/")[2] for f in frames] == ["www.youtube-nocookie.com", "player.vimeo.com"]
    assert all(f.get("title") and f.get("loading") == "lazy" for f in frames)
    (policy,) = parse(page).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    frame_src = next(part.split()[1:] for part in policy.split("; ") if part.startswith("frame-src"))
    assert {f.get("src").split("/")[2] for f in frames} <= {source.split("/")[2] for source in frame_src}
    links = story.xpath(".//a/@href")
    assert "https://x.com/SanDiegoZoo/status/1453110110599868418" in links
    assert "https://www.instagram.com/p/CxOWiQNP2MO/" in links and "https://gist.github.com/spf13/7896402" in links
    assert not parse(page).xpath("//script[contains(@src, 'twitter') or contains(@src, 'gist') or contains(@src, 'instagram')]")


def test_a_stray_closing_shortcode_is_one_line_naming_file_and_line(tmp_path):
    site = hugo_site(tmp_path, {"posts/a.md": "---\ntitle: A\n---\nText.\n\n{{< /details >}}\n"})
    with pytest.raises(BuildFailed) as failure:
        build_hugo(site)
    (problem,) = failure.value.problems
    assert problem.path.name == "a.md" and problem.line == 6 and "closes nothing" in problem.message


def test_a_ref_to_no_page_warns_and_links_nowhere(tmp_path):
    site = hugo_site(tmp_path, {"posts/a.md": '---\ntitle: A\n---\nSee [b]({{< ref "b.md" >}}) and [c]({{< relref "nowhere" >}}).\n',
                                "posts/b.md": "---\ntitle: B\n---\nBee.\n"})
    report = build_hugo(site)
    (warning,) = [p for p in report.problems if "names no page" in p.message]
    assert "nowhere" in warning.message and warning.line == 4
    links = body(site / "site" / "posts" / "a" / "index.html").xpath(".//a/@href")
    assert links == ["https://example.org/posts/b/", ""]


def test_a_moved_page_moves_the_links_to_it_and_a_changed_bundle_file_is_copied_again(tmp_path):
    site = hugo_site(tmp_path, {"posts/a/index.md": "---\ntitle: A\n---\n![p](p.png) and [b](../b.md)\n",
                                "posts/a/p.png": PNG, "posts/b.md": "---\ntitle: B\n---\nBee.\n"})
    build_hugo(site)
    out = site / "site"
    assert body(out / "posts" / "a" / "index.html").xpath(".//a/@href") == ["/posts/b/"]
    assert (out / "posts" / "a" / "p.png").read_bytes() == PNG
    b = site / "content" / "posts" / "b.md"
    b.write_text("---\ntitle: B\nslug: bee\n---\nBee.\n", encoding="utf-8")
    bigger = PNG + b"\0"
    (site / "content" / "posts" / "a" / "p.png").write_bytes(bigger)
    later = time.time() + 5
    for path in (b, site / "content" / "posts" / "a" / "p.png"):
        os.utime(path, (later, later))
    build_hugo(site)
    assert body(out / "posts" / "a" / "index.html").xpath(".//a/@href") == ["/posts/bee/"]
    assert (out / "posts" / "a" / "p.png").read_bytes() == bigger
    (site / "content" / "posts" / "a" / "p.png").unlink()
    build_hugo(site)
    assert not (out / "posts" / "a" / "p.png").exists()


def test_a_draft_bundles_files_are_not_published(tmp_path):
    site = hugo_site(tmp_path, {"posts/a/index.md": "---\ntitle: A\ndraft: true\n---\nSecret.\n", "posts/a/p.png": PNG,
                                "posts/b.md": "---\ntitle: B\n---\nBee.\n", "posts/shared.png": PNG})
    build_hugo(site)
    assert not list((site / "site").rglob("p.png"))
    assert (site / "site" / "posts" / "shared.png").is_file(), "a section's own file is published below it"


def test_a_migrated_sites_many_small_problems_are_grouped_with_counts(tmp_path):
    """The first build of a migrated site: every page is built, the warnings are listed by
    kind (a few of each, then how many more), and the build still succeeds."""
    files = {f"posts/p{i:02d}.md": f"---\ntitle: P{i}\n---\nText {i}.\n\n{{{{< callout >}}}}\n" for i in range(12)}
    files.update({f"posts/r{i}.md": f'---\ntitle: R{i}\n---\nSee [x]({{{{< ref "gone-{i}.md" >}}}}).\n' for i in range(4)})
    site = hugo_site(tmp_path, files)
    result = run_cli("--content", "content", "--output", "site", cwd=site)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert sum("unknown shortcode 'callout'" in line for line in lines) == 3
    assert "  … and 9 more like this (warning unknown shortcode …)" in lines
    assert lines[-1] == "16 problems by kind: 12 × warning unknown shortcode …; 4 × warning ref … names no page in en"
    assert len(list((site / "site" / "posts").glob("*/index.html"))) == 16


def test_a_body_opening_with_a_shortcode_takes_its_title_and_summary_from_its_text(tmp_path):
    site = hugo_site(tmp_path, {"posts/a.md": '{{< figure src="x.png" >}}\n\nThe harbour woke early {{< param "x" >}}today.\n'})
    build_hugo(site)
    page = parse(site / "site" / "posts" / "a" / "index.html")
    assert page.findtext(".//h1") == "The harbour woke early today"
    assert page.xpath('//meta[@name="description"]/@content') == ["The harbour woke early today."]
