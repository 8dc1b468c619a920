"""A newcomer with only `pip install`: the wheel carries the theme, and a site overrides parts of it."""

import os
import shutil
import stat
from pathlib import Path

from babel.messages.pofile import read_po
from helpers import OVERRIDDEN_STRING, parse

ENGLISH = "site/en/harbour-reopens-after-the-storm/index.html"
FRENCH = "site/fr/harbour-reopens-after-the-storm/index.html"


def _bundled(installed, relative: str) -> Path:
    package = installed.python("import newsroom, os; print(os.path.dirname(newsroom.__file__))", cwd=installed.venv)
    return Path(package) / "bundled_theme" / relative


def test_the_command_runs_the_installed_wheel_not_the_checkout(installed, starter_site):
    location = installed.python("import newsroom; print(newsroom.__file__)", cwd=starter_site)
    assert location.startswith(str(installed.venv)), location
    assert _bundled(installed, "templates/article.html").is_file()


def test_new_site_gives_content_config_and_empty_override_folders(starter_site):
    assert sorted(p.name for p in (starter_site / "content").iterdir()) == [
        "harbour-reopens-after-the-storm.en.md", "harbour-reopens-after-the-storm.fr.md", "welcome.en.md", "welcome.fr.md"]
    assert "[extra]" in (starter_site / "site.toml").read_text(encoding="utf-8")
    assert [p.name for p in (starter_site / "static").iterdir()] == [".gitkeep"]


def test_a_translation_shares_the_key_of_its_original(starter_site):
    english = (starter_site / "content" / "harbour-reopens-after-the-storm.en.md").read_text(encoding="utf-8")
    french = (starter_site / "content" / "harbour-reopens-after-the-storm.fr.md").read_text(encoding="utf-8")
    assert "translation_key: harbour-reopens-after-the-storm" in english
    assert "translation_key: harbour-reopens-after-the-storm" in french and "lang: fr" in french
    alternates = parse(starter_site / FRENCH).xpath("//link[@rel='alternate'][@hreflang='en']/@href")
    assert alternates == ["https://news.example.org/en/harbour-reopens-after-the-storm/"]


def test_the_overridden_template_extends_the_bundled_one(starter_site):
    for page in (ENGLISH, FRENCH):
        doc = parse(starter_site / page)
        assert doc.findtext(".//title") == "Harbour reopens after the storm · Every story, in every language we publish."
        assert doc.xpath("//article[@class='story']/header/h1/text()") == ["Harbour reopens after the storm"]
    welcome = parse(starter_site / "site" / "fr" / "bienvenue-dans-votre-redaction" / "index.html")
    assert welcome.findtext(".//title").startswith("Bienvenue dans votre rédaction · ")


def test_one_overridden_string_and_the_rest_from_the_bundled_catalog(installed, starter_site):
    with _bundled(installed, "templates/locale/fr/LC_MESSAGES/messages.po").open("rb") as handle:
        theme_french = {m.id: m.string for m in read_po(handle) if m.id}
    french, english = parse(starter_site / FRENCH), parse(starter_site / ENGLISH)
    assert french.xpath("//footer[@class='site-footer']/a[1]/text()") == [OVERRIDDEN_STRING[1]]
    assert english.xpath("//footer[@class='site-footer']/a[1]/text()") == [OVERRIDDEN_STRING[0]]
    assert french.xpath("//a[@class='skip-link']/text()") == [theme_french["Skip to content"]]
    assert theme_french["Skip to content"] != "Skip to content"


def test_static_files_come_from_the_bundled_theme(installed, starter_site):
    for name in ("style.css", "favicon.svg", "search.js"):
        assert (starter_site / "site" / "static" / name).read_bytes() == _bundled(installed, f"static/{name}").read_bytes()


def test_built_files_are_readable_by_any_web_server_user(starter_site):
    umask = os.umask(0o022)
    os.umask(umask)
    for path in [starter_site / "site", *(starter_site / "site").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        assert mode == expected, f"{path}: {oct(mode)}"


def test_a_folder_with_only_content_builds(installed, starter_site, tmp_path):
    shutil.copytree(starter_site / "content", tmp_path / "content")
    result = installed.run(cwd=tmp_path)  # no command: `build`
    assert result.stdout.startswith("built ")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".newsroom-cache", ".site.newsroom-lock", "content", "site"]
    doc = parse(tmp_path / "site" / "fr" / "harbour-reopens-after-the-storm" / "index.html")
    assert doc.xpath("//footer[@class='site-footer']/a[1]/text()") == ["Accueil"], "the theme's string, no override"
    assert (tmp_path / "site" / "static" / "style.css").read_bytes() == _bundled(installed, "static/style.css").read_bytes()
