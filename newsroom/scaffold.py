"""`newsroom new site` and `newsroom new story`: files an editor would otherwise copy by hand."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import SourceError
from .languages import UnknownLanguage, normalise_language
from .slugs import make_slug

if TYPE_CHECKING:
    from .model import Article

STARTER = Path(__file__).resolve().parent / "starter"
GITIGNORE = "/site/\n/.newsroom-cache/\n.*.newsroom-lock\n"


def new_site(folder: Path) -> list[Path]:
    """A working site in `folder` (absent or empty): an example story in two languages, a
    commented site.toml, and empty templates/ and static/ for overrides."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SourceError(folder, "the folder exists and is not empty", "choose a new folder name")
    shutil.copytree(STARTER, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for empty in ("templates", "static"):
        (folder / empty).mkdir(exist_ok=True)
        (folder / empty / ".gitkeep").touch()
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return sorted(p for p in folder.rglob("*") if p.is_file())


def new_story(content: Path, lang: str, title: str = "", translation_of: Path | None = None,
              now: dt.datetime | None = None) -> Path:
    """A Markdown file with front matter; a translation shares its original's key and source
    and is named after it (`story.en.md` -> `story.fr.md`), so the versions are one story."""
    lang = _language(lang)
    date = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    front: dict[str, object] = {"title": title, "lang": lang, "date": date}
    if translation_of is not None:
        from .content_layout import plain_layout
        from .sources import read_source  # the readers load their libraries: only for a translation
        from .sources.common import split_language_suffix

        original = read_source(translation_of, plain_layout(content))
        if original.lang == lang:
            raise SourceError(translation_of, f"the story is in {lang} already", "give the language of the translation with --lang")
        front["title"] = title or original.title
        if original.translation_key:
            front["translation_key"] = original.translation_key
        if original.source_url:
            front["source"] = original.source_url
        made_from = _made_from(original)
        if made_from:
            front["translated_from"] = made_from
        base, _ = split_language_suffix(translation_of)
        target = translation_of.parent / f"{base}.{lang}.md"
    else:
        if not title.strip():
            raise SourceError(None, "a new story needs a title", 'write: newsroom new story "The title" --lang ' + lang)
        slug = make_slug(title, "story")
        front["translation_key"] = slug  # its translations keep it, whatever their file names
        target = content / f"{slug}.{lang}.md"
    if target.exists():
        raise SourceError(target, "the file exists already", "edit it, or give another title")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_front_matter(front) + "\nWrite the story here.\n", encoding="utf-8")
    return target


def _made_from(source: Article) -> str:
    """What a new translation of `source` is made from, for `translated_from`: the text of
    `source` when it is the original as far as one file tells (marked so, or in its news
    site's language, or with no source at all); else what `source` itself was made from."""
    from .desk import source_language

    if source.original or not source.source_url or source_language(source.source_url, {}, {source.lang}) == source.lang:
        return source.text_hash
    return source.translated_from


def _language(code: str) -> str:
    try:
        return normalise_language(code)
    except UnknownLanguage:
        raise SourceError(None, f"unknown language code {code!r}", "use a BCP 47 code such as fr, id, vi or pt-BR") from None


def _front_matter(values: dict[str, object]) -> str:
    import yaml

    return "---\n" + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=1000) + "---\n"
