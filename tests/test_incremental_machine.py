"""Random sequences of edits: after each, the incremental build is byte for byte a clean build,
and it renders no page the edit cannot reach.

Hypothesis drives a state machine over a copy of the multilingual fixture with its own
templates/, static/ and site.toml: body, title, date and tag edits, renames, deletions, a new
translation, a partial, the stylesheet, a catalog string, the configuration, and `touch`.
(An edit to the generator's own code is tested apart, in test_incremental.py: it needs a
copy of the package.) Each rule says which pages the edit may reach; the build must not
render any other.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from helpers import FIXTURES, build, override_template, site_answers

import newsroom.parallel as parallel

EVERY_PAGE = None  # a rule whose edit may reach any page


class EditSequence(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="newsroom-machine-"))
        self.content, self.templates, self.static = self.root / "content", self.root / "templates", self.root / "static"
        shutil.copytree(FIXTURES / "multilingual" / "content", self.content)
        self.static.mkdir()
        (self.static / "style.css").write_text("body { margin: 0; }\n", encoding="utf-8")
        self.config = self.root / "site.toml"
        self.config.write_text('title = "The Machine Times"\n', encoding="utf-8")
        self.partial = override_template(self.templates, "partials/source_block.html")
        self.edits, self.checked = 0, -1
        self.reach: set[str] | None = EVERY_PAGE
        self.rendered: list[str] = []
        self._build()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _options(self) -> dict:
        return dict(templates=self.templates, static=self.static, config_file=self.config)

    def _build(self) -> None:
        real = parallel.render_one
        seen: list[str] = []
        parallel.render_one = lambda job: seen.append(job[1].path) or real(job)
        try:
            build(self.content, self.root / "site", **self._options())
        finally:
            parallel.render_one = real
        self.rendered = seen

    def _sources(self) -> list[Path]:
        return sorted(p for p in self.content.rglob("*.md"))

    def _edited(self, reach: set[str] | None) -> None:
        self.edits += 1
        self.reach = reach
        self._build()

    @invariant()
    def the_site_is_what_a_clean_build_gives(self) -> None:
        if self.checked == self.edits:  # the rule found nothing to edit
            return
        self.checked = self.edits
        plain = self.root / "plain"
        build(self.content, plain, use_cache=False, **self._options())
        assert site_answers(self.root / "site") == site_answers(plain)
        shutil.rmtree(plain)
        if self.reach is not None:
            assert set(self.rendered) <= self.reach, f"rendered {sorted(set(self.rendered) - self.reach)}"

    @rule(data=st.data())
    def edit_a_body(self, data) -> None:
        source = data.draw(st.sampled_from(self._sources()))
        source.write_text(source.read_text(encoding="utf-8") + f"\nOne more line, number {self.edits}.\n", encoding="utf-8")
        self._edited(EVERY_PAGE)  # its story's pages, and the lists when the lead is the summary

    def _set(self, source: Path, key: str, value: str) -> bool:
        """Replace a front matter line `key: …` of `source`; False when it has none."""
        text = source.read_text(encoding="utf-8")
        if f"\n{key}:" not in text:
            return False
        start = text.index(f"\n{key}:") + 1
        source.write_text(text[:start] + f"{key}: {value}" + text[text.index("\n", start):], encoding="utf-8")
        return True

    @rule(data=st.data(), title=st.sampled_from(["A new headline", "Another headline", "Élections, le point"]))
    def edit_a_title(self, data, title) -> None:
        if self._set(data.draw(st.sampled_from(self._sources())), "title", title):
            self._edited(EVERY_PAGE)

    @rule(data=st.data(), day=st.integers(1, 28))
    def edit_a_date(self, data, day) -> None:
        if self._set(data.draw(st.sampled_from(self._sources())), "date", f"2025-03-{day:02d}"):
            self._edited(EVERY_PAGE)

    @rule(data=st.data(), tag=st.sampled_from(["economy", "weather", "ports"]))
    def add_a_tag(self, data, tag) -> None:
        source = data.draw(st.sampled_from(self._sources()))
        text = source.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\ntags:" not in text:
            source.write_text(text.replace("---\n", f"---\ntags: [{tag}]\n", 1), encoding="utf-8")
            self._edited(EVERY_PAGE)

    @precondition(lambda self: len(self._sources()) > 3)
    @rule(data=st.data())
    def delete_a_source(self, data) -> None:
        data.draw(st.sampled_from(self._sources())).unlink()
        self._edited(EVERY_PAGE)

    @rule(data=st.data())
    def rename_a_source(self, data) -> None:
        source = data.draw(st.sampled_from(self._sources()))
        name = source.name.split(".")
        source.rename(source.with_name(".".join([name[0] + "-moved", *name[1:]])))
        self._edited(EVERY_PAGE)

    @rule()
    def add_a_translation(self) -> None:
        new = self.content / f"fresh-{self.edits}.de.md"
        new.write_text(f"---\ntitle: Frische Nachricht {self.edits}\ndate: 2026-02-0{1 + self.edits % 9}\n---\n"
                       "Der Hafen bleibt heute geschlossen.\n", encoding="utf-8")
        self._edited(EVERY_PAGE)

    @rule()
    def edit_a_partial_only_articles_include(self) -> None:
        self.partial.write_text(self.partial.read_text(encoding="utf-8") + f"\n<!-- {self.edits} -->\n", encoding="utf-8")
        self._edited(self._article_pages())

    @rule()
    def edit_the_stylesheet(self) -> None:
        (self.static / "style.css").write_text(f"body {{ margin: {self.edits}px; }}\n", encoding="utf-8")
        self._edited(set())

    @rule(lang=st.sampled_from(["fr", "ar"]), text=st.sampled_from(["Lire :", "Lire en :", "اقرأ:"]))
    def edit_a_catalog_string(self, lang, text) -> None:
        catalog = self.templates / "locale" / lang / "LC_MESSAGES" / "messages.po"
        catalog.parent.mkdir(parents=True, exist_ok=True)
        catalog.write_text(f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                           f'msgid "Read in:"\nmsgstr "{text} {self.edits}"\n', encoding="utf-8")
        self._edited({page for page in self._pages() if page.startswith(f"/{lang}/")})

    @rule(title=st.sampled_from(["The Machine Times", "Le Temps des Machines"]))
    def edit_the_configuration(self, title) -> None:
        self.config.write_text(f'title = "{title} {self.edits}"\n', encoding="utf-8")
        self._edited(EVERY_PAGE)

    @rule(data=st.data())
    def touch_a_source(self, data) -> None:
        source = data.draw(st.sampled_from(self._sources()))
        if "\ndate:" in source.read_text(encoding="utf-8"):  # an undated story shows its file's time
            later = source.stat().st_mtime + 7200
            os.utime(source, (later, later))
            self._edited(set())

    def _pages(self) -> set[str]:
        site = self.root / "site"
        return {"/" + page.relative_to(site).as_posix().removesuffix("index.html")
                for page in site.rglob("*.html") if "pagefind" not in page.parts}

    def _article_pages(self) -> set[str]:
        from helpers import parse

        site = self.root / "site"
        return {"/" + page.parent.relative_to(site).as_posix() + "/" for page in site.rglob("index.html")
                if parse(page).xpath('//meta[@property="og:type"]/@content') == ["article"]}


EditSequence.TestCase.settings = settings(
    max_examples=int(os.environ.get("MACHINE_EXAMPLES", "8")),  # MACHINE_EXAMPLES=40: a longer hunt (2 minutes)
    stateful_step_count=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TestRandomEditSequences = EditSequence.TestCase
