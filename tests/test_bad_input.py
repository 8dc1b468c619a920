"""Every user mistake: one line naming the file, non-zero exit, previous site untouched."""

import re
import shutil

import pytest
from helpers import FIXTURES, SEEDS, foreign_scripts, override_template, parse, run_cli, tree_digest, write_sources

BAD_INPUTS = {
    "non-utf8": ({"latin1.txt": "Caf\xe9 cr\xe8me.\nSource: https://example.com/a\n".encode("latin-1")},
                 "latin1.txt:1:", "not valid UTF-8"),
    "invalid-front-matter": ({"broken.md": "---\ntitle: ok\ndate: [2026\n---\nText.\n"}, "broken.md:3:", "invalid front matter"),
    "front-matter-not-mapping": ({"list.md": "---\n- one\n- two\n---\nText.\n"}, "list.md:2:", "key: value"),
    "unknown-language": ({"x.md": "---\ntitle: Hi\nlang: zz-top\n---\nText.\n"}, "x.md:3:", "unknown language code"),
    "same-story-twice": ({
        "a.fr.txt": "Premier texte complet de l'article.\nSource: https://example.com/story\n",
        "b.fr.txt": "Second texte complet de l'article.\nSource: http://www.example.com/story/#top\n",
    }, "b.fr.txt", "a.fr.txt"),
    "raw-without-source": ({"nosource.txt": "Une phrase complète.\nUne autre phrase complète.\n"}, "nosource.txt", "no source line"),
    "empty-file": ({"empty.md": ""}, "empty.md", "empty"),
    "whitespace-file": ({"blank.txt": "  \n\n\t\n"}, "blank.txt", "empty"),
    "bad-date": ({"d.md": "---\ntitle: Hi\ndate: 31/02/2026\n---\nText.\n"}, "d.md:3:", "is not a date"),
    "url-outside-the-site": ({"u.md": "---\ntitle: Hi\nlang: en\nurl: /../../escape/\n---\nText.\n"}, "u.md:4:",
                             "not a path on the site"),
    "alias-outside-the-site": ({"a.md": "---\ntitle: Hi\nlang: en\naliases: [/old/, ../../x]\n---\nText.\n"}, "a.md:4:",
                               "not a path on the site"),
    "page-on-the-search-page": ({"s.md": "---\ntitle: Search\nlang: fr\n---\nTexte.\n"}, "s.md",
                                "the path newsroom's page /fr/search/ needs"),
}


@pytest.fixture
def previous_site(tmp_path):
    """A site built from the seeds, as an editor would have before making the mistake."""
    content = tmp_path / "content"
    shutil.copytree(SEEDS, content)
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_line_and_keeps_the_site(previous_site, case):
    files, where, what = BAD_INPUTS[case]
    before = tree_digest(previous_site / "site")
    write_sources(previous_site / "content", files)
    result = run_cli(cwd=previous_site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    assert where in errors[0] and what in errors[0]
    assert errors[0].startswith("error: content/")
    assert tree_digest(previous_site / "site") == before
    assert not [p for p in previous_site.iterdir() if p.name.startswith(".newsroom-staging")]


def _fails_with_one_line(project) -> str:
    """Build `project`: the build fails with one error line, no traceback, the site untouched."""
    before = tree_digest(project / "site")
    result = run_cli(cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert tree_digest(project / "site") == before
    return error


def test_unreadable_file(previous_site):
    (previous_site / "content" / "gone.md").symlink_to(previous_site / "nowhere.md")
    error = _fails_with_one_line(previous_site)
    assert "content/gone.md" in error and "cannot read" in error


def test_broken_template_is_one_line_naming_template_and_line(previous_site):
    override_template(previous_site / "templates", "partials/source_block.html").write_text("{% if %}\n", encoding="utf-8")
    error = _fails_with_one_line(previous_site)
    assert "templates/partials/source_block.html:1:" in error


def test_python_error_in_a_template_is_one_line(previous_site):
    article = override_template(previous_site / "templates", "article.html")
    article.write_text(article.read_text(encoding="utf-8").replace("<h1>", "<h1>{{ 1 // 0 }}", 1), encoding="utf-8")
    error = _fails_with_one_line(previous_site)
    assert "templates/article.html:" in error and "ZeroDivisionError" in error


def test_missing_content_folder(tmp_path):
    result = run_cli("--content", "nope", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: nope: content folder not found")


def test_output_must_not_overlap_content(previous_site):
    before = tree_digest(previous_site / "content")
    result = run_cli("--output", "content", cwd=previous_site)
    assert result.returncode == 1 and "overlaps the content folder" in result.stderr
    assert tree_digest(previous_site / "content") == before


def test_keep_going_builds_the_rest_and_lists_every_failure(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "invalid" / "content", content)
    result = run_cli("--keep-going", cwd=tmp_path)
    assert result.returncode == 1
    errors = sorted(line.split(":")[1].strip() for line in result.stderr.splitlines() if line.startswith("error:"))
    assert errors == ["content/broken-yaml.md", "content/empty.txt", "content/latin1.txt",
                      "content/no-source.txt", "content/unknown-lang.md"]
    assert parse(tmp_path / "site" / "en" / "good-story" / "index.html").xpath("//h1/text()") == ["Good story"]


HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_hostile_text_never_becomes_markup(tmp_path):
    content = tmp_path / "content"
    write_sources(content, {
        "evil.en.md": f"---\ntitle: '{HOSTILE}'\nsummary: '{HOSTILE}'\ntags: ['{HOSTILE}']\n"
                      f"attribution: '{HOSTILE}'\nsource: 'https://example.com/a?q=\"><script>alert(3)</script>'\n---\n"
                      f"Body {HOSTILE} <a href=\"javascript:alert(4)\">x</a>\n",
        "evil.en.txt": f"The lead sentence is here. {HOSTILE}\n{HOSTILE}\nSource: https://example.com/b\n",
    })
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        doc = parse(page)
        assert not foreign_scripts(doc), page
        assert not doc.xpath("//img[@onerror] | //*[@onerror]"), page
        assert not [h for h in doc.xpath("//@href") if h.lower().startswith("javascript")], page
    article = parse(tmp_path / "site" / "en" / "script-alert-1-script-img-src-x-onerror-alert-2" / "index.html")
    assert article.xpath("//h1/text()") == [HOSTILE]
    assert article.xpath("//meta[@name='description']/@content")[0].startswith(HOSTILE[:20])


HUGO_CONFIG_MISTAKES = {
    "languages-not-a-table": ('languages = "en"\n', "languages must be a table"),
    "weight-not-a-number": ('[languages.en]\nweight = "first"\n', "languages.en.weight must be a whole number"),
    "unknown-permalink-token": ('[permalinks]\nposts = "/:year/:headline/"\n', "unknown token :headline"),
    "default-language-missing": ('defaultContentLanguage = "de"\n[languages.en]\n', "is not one of the languages"),
    "goldmark-renderer-not-a-table": ('[markup.goldmark]\nrenderer = "unsafe"\n', "markup.goldmark.renderer must be a table"),
}


@pytest.mark.parametrize("case", sorted(HUGO_CONFIG_MISTAKES))
def test_a_hugo_configuration_mistake_is_one_line_naming_hugo_toml(tmp_path, case):
    text, what = HUGO_CONFIG_MISTAKES[case]
    write_sources(tmp_path / "content", {"posts/a.md": "---\ntitle: A\nlang: en\n---\nText.\n"})
    assert run_cli(cwd=tmp_path).returncode == 0
    (tmp_path / "hugo.toml").write_text('baseURL = "https://example.org/"\n' + text, encoding="utf-8")
    error = _fails_with_one_line(tmp_path)
    assert error.startswith("error: hugo.toml") and what in error, error


def test_another_tools_config_file_does_not_make_a_hugo_site(tmp_path):
    write_sources(tmp_path / "content", {"a.en.md": "---\ntitle: A\n---\nText.\n"})
    (tmp_path / "config.yaml").write_text("database: {host: localhost}\n", encoding="utf-8")
    result = run_cli(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "en" / "a" / "index.html").is_file()  # newsroom's own URLs, not Hugo's


def test_with_keep_going_a_page_on_a_taken_path_is_left_out_not_written_over_it(previous_site):
    """The conflict is reported; the search page keeps its path and the other story its page."""
    write_sources(previous_site / "content", {"s.md": "---\ntitle: Search\nlang: fr\n---\nTexte.\n"})
    result = run_cli("--keep-going", cwd=previous_site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "/fr/search/ needs" in errors[0], result.stderr
    assert parse(previous_site / "site" / "fr" / "search" / "index.html").xpath('//form[@role="search"]')
    summary = re.search(r"\((\d+) rendered, (-?\d+) unchanged\)", result.stdout + result.stderr)
    assert int(summary.group(2)) >= 0, "no page rendered twice over one file"
