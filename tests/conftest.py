import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import FIXTURES, SEEDS, Installed, build, install_wheel, newcomer_site, require_tool  # noqa: E402

CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The demo: both seeds built once for every test that only reads the site."""
    output = tmp_path_factory.mktemp("seeds") / "site"
    build(SEEDS, output)
    return output


@pytest.fixture(scope="session")
def multilingual_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("multilingual") / "site"
    build(FIXTURES / "multilingual" / "content", output, config_file=FIXTURES / "multilingual" / "site.toml")
    return output


@pytest.fixture(scope="session")
def desk_site(tmp_path_factory) -> Path:
    """The seed story in three languages (a Vietnamese original) with the translation desk's pages."""
    output = tmp_path_factory.mktemp("desk") / "site"
    build(FIXTURES / "translation-desk" / "content", output, desk_pages=True)
    return output


@pytest.fixture(scope="session")
def scraped_site(tmp_path_factory) -> Path:
    """The sixteen scraped pages: bylines, dates and figures in six scripts, two right-to-left."""
    output = tmp_path_factory.mktemp("scraped") / "site"
    build(FIXTURES / "scraped", output)
    return output


@pytest.fixture(scope="session")
def hugo_blog_site(tmp_path_factory) -> Path:
    """The Hugo fixture blog (hugo.toml, three languages, sections, aliases) built by newsroom."""
    output = tmp_path_factory.mktemp("hugo-blog") / "site"
    build(FIXTURES / "hugo-blog" / "content", output)
    return output


@pytest.fixture(scope="session")
def unicode_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("unicode") / "site"
    build(FIXTURES / "unicode" / "content", output)
    return output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder holding a copy of the multilingual fixture's content/, to edit and build."""
    shutil.copytree(FIXTURES / "multilingual" / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; missing in CI is a failure, never a skip."""
    require_tool(CHROMIUM, "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    """The package as a wheel, installed into a fresh venv: the `newsroom` a newcomer gets."""
    return install_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="session")
def starter_site(installed, tmp_path_factory) -> Path:
    """`newsroom new site`, one story and its translation, one template and one string
    overridden, built by the installed command in an empty folder."""
    return newcomer_site(installed, tmp_path_factory.mktemp("newcomer"))
