"""`newsroom status`: the stories x languages matrix of the translation desk.

Reads every source (through the parse cache, as a build does), groups translations into
stories, judges each version (desk) with what is known of the past (desk_history), and
prints a matrix, or JSON for tools and CI. `--accept PATH` marks a translation as made
from the original's current text by writing `translated_from` into its front matter.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from .build_options import BuildOptions, content_layout
from .config import SiteConfig
from .consistency import Check, checked_blocks, compare
from .desk import STATES, StoryStatus, original_language, reference_language, story_status
from .desk_history import DeskHistory
from .errors import Problem, SourceError
from .grouping import Publishing, build_index
from .model import Article
from .pipeline import load_site_config
from .record import cache_root
from .rebuild import parse_cache, read_all
from .write import write_file

_MARK = {"present": "ok", "missing": "--", "stale": "STALE", "orphan": "orphan", "original": "orig"}


@dataclasses.dataclass(frozen=True)
class DeskReport:
    languages: tuple[str, ...]
    stories: tuple[StoryStatus, ...]
    problems: tuple[Problem, ...]


def desk_report(options: BuildOptions) -> DeskReport:
    """Every story's status; sources that cannot be read are problems, the rest are judged."""
    config, warnings = load_site_config(options)
    layout = content_layout(options, config)
    articles, problems = read_all(layout, parse_cache(options))
    index, found = build_index(articles, Publishing(None, True, True, True), unique_slugs=config.hugo is None)
    languages = tuple(config.languages) or index.languages
    cache_dir = cache_root(options.output) if options.use_cache else None
    history = DeskHistory(cache_dir / "texts" if cache_dir else None, layout, cache_dir)
    stories = []
    for key in index.stories:
        versions = {lang: index.articles[(key, lang)] for lang in index.stories[key].languages}
        original = versions.get(original_language(versions, config.sources))
        if original is not None:
            history.remember(original)
        relative = {lang: article.source_path.relative_to(options.content).as_posix() for lang, article in versions.items()}
        status = story_status(key, versions, languages, config.sources, history, relative)
        reference = versions[reference_language(versions, config.sources)]  # without the original: the first
        if len(versions) > 1:
            status = dataclasses.replace(status, checks=tuple(check.as_dict() for check in _checks(reference, versions, config)))
        stories.append(status)
    history.close()
    return DeskReport(languages, tuple(stories), tuple(warnings) + tuple(problems) + tuple(found))


def _checks(original: Article, versions: dict[str, Article], config: SiteConfig) -> list[Check]:
    """The consistency checks between the original (or the reference version) and each other
    version (editorial hints)."""
    mine = checked_blocks(original.blocks)
    found = []
    for lang, article in sorted(versions.items()):
        if article is not original:
            found += compare(mine, original.lang, checked_blocks(article.blocks), lang, config.checks)
    return found


def select(report: DeskReport, languages: Collection[str] = (), states: Collection[str] = (),
           sort: str = "date") -> list[StoryStatus]:
    """The stories with a version in one of `states` (in one of `languages`), newest first or by title."""
    langs = [lang for lang in report.languages if not languages or lang in languages]
    chosen = [story for story in report.stories
              if not states or any(story.versions[lang].state in states for lang in langs)]
    if sort == "title":
        return sorted(chosen, key=lambda story: (story.title.casefold(), story.key))
    return sorted(chosen, key=lambda story: (story.date, story.key), reverse=True)


def as_json(report: DeskReport, stories: Sequence[StoryStatus], languages: Sequence[str]) -> str:
    return json.dumps({"languages": list(languages), "stories": [{
        "key": story.key, "title": story.title, "date": story.date or None, "original": story.original or None,
        "original_url": story.original_url or None,
        "versions": {lang: _version_json(story, lang) for lang in languages},
        "checks": [dict(check) for check in story.checks],
    } for story in stories]}, ensure_ascii=False, indent=2)


def _version_json(story: StoryStatus, lang: str) -> dict[str, object]:
    version = story.versions[lang]
    return {"state": version.state, "path": version.path or None, "translated_from": version.translated_from or None,
            "stale_since": version.stale_since or None,
            "changed_paragraphs": list(version.changed_paragraphs) if version.changed_paragraphs is not None else None,
            "basis": version.basis or None, "note": version.note or None, "text_hash": version.text_hash or None}


def as_table(stories: Sequence[StoryStatus], languages: Sequence[str], content: Path = Path()) -> list[str]:
    """A plain-text matrix: one row per story, one column per language; then why each stale
    one is, and the consistency hints (paths of sources under `content`)."""
    width = max([len(_MARK[state]) for state in _MARK] + [len(lang) for lang in languages])
    lines = ["  ".join(lang.ljust(width) for lang in languages) + "  story (original's text hash, for translated_from)"]
    notes = []
    for story in stories:
        cells = []
        for lang in languages:
            version = story.versions[lang]
            cells.append(_MARK["original" if lang == story.original and version.state == "present" else version.state])
            if version.state in ("stale", "orphan"):
                notes.append(_why(story, lang, content))
        made_from = story.versions[story.original].text_hash if story.original in story.versions else ""
        lines.append("  ".join(cell.ljust(width) for cell in cells)
                     + f"  {story.date or '----------'}  {story.title}{f' ({made_from})' if made_from else ''}")
    counts = {state: sum(story.versions[lang].state == state for story in stories for lang in languages) for state in STATES}
    lines.append(f"{len(stories)} stories: " + ", ".join(f"{count} {state}" for state, count in counts.items()))
    unknown = [story.versions[lang] for story in stories for lang in languages
               if story.versions[lang].state == "present" and not story.versions[lang].basis]
    if unknown:
        lines.append(f"{len(unknown)} translation(s) not checked: {unknown[0].note or 'nothing tells when they were made'}")
    hints = [_hint(story, check, content) for story in stories for check in story.checks if check["languages"][1] in languages]
    if hints:
        notes += ["", f"{len(hints)} consistency hint(s) (editorial, not errors; [checks] in site.toml turns them off):"] + hints
    return lines + notes


def _hint(story: StoryStatus, check: Mapping[str, object], content: Path) -> str:
    original, translation = check["languages"]
    where = f", paragraph {check['paragraph']} of {content / story.versions[original].path}" if check["paragraph"] else ""
    return f"{content / story.versions[translation].path}{where}: {check['kind']}: {check['detail']}"


def _why(story: StoryStatus, lang: str, content: Path) -> str:
    version = story.versions[lang]
    path = content / version.path
    if version.state == "orphan":
        return f"{path}: orphan: translated from an original that is not in the site"
    changed = (f"paragraphs {', '.join(map(str, version.changed_paragraphs))} of the original changed"
               if version.changed_paragraphs else "the original changed")
    since = f" ({version.stale_since})" if version.stale_since else ""
    how = f"since translated_from {version.translated_from}" if version.basis == "translated_from" else "since its last commit"
    return f"{path}: stale: {changed} {how}{since}; update it, then `newsroom status --accept {path}`"


def accept(options: BuildOptions, report: DeskReport, path: Path) -> str:
    """Write translated_from: <the original's text hash> into the translation at `path`;
    returns the hash. Raises SourceError when `path` is no translation of an original here."""
    if not path.resolve().is_relative_to(options.content.resolve()):
        raise SourceError(path, f"not in the content folder {options.content}", "give the path of a translation in it")
    relative = path.resolve().relative_to(options.content.resolve()).as_posix()
    for story in report.stories:
        for lang, version in story.versions.items():
            if version.path == relative and story.original and lang != story.original:
                original = story.versions[story.original]
                if original.state == "missing":
                    break
                text_hash = _original_hash(options, original.path)
                set_front_matter(options.content / relative, "translated_from", text_hash)
                return text_hash
    raise SourceError(path, "not a translation whose original is in this site",
                      "give the path of a translation, e.g. content/story.fr.md")


def _original_hash(options: BuildOptions, relative: str) -> str:
    from .sources import read_source

    config, _ = load_site_config(options)
    return read_source(options.content / relative, content_layout(options, config)).text_hash


_FENCE = re.compile(r"\A(---|\+\+\+)[ \t]*\n")


def set_front_matter(path: Path, key: str, value: str) -> None:
    """Set `key: value` in the file's YAML or TOML front matter, adding YAML front matter to a
    file that has none (a scraped .txt file reads it too)."""
    text = path.read_text(encoding="utf-8")
    fence = _FENCE.match(text)
    if fence is None:
        text = f"---\n{key}: \"{value}\"\n---\n{text}"
    else:
        marker = fence.group(1)
        end = text.index(f"\n{marker}", fence.end() - 1)
        head, rest = text[fence.end():end + 1], text[end + 1:]
        line = f'{key} = "{value}"\n' if marker == "+++" else f'{key}: "{value}"\n'
        pattern = re.compile(rf"^{re.escape(key)}\s*[:=].*\n", re.MULTILINE)
        head = pattern.sub(line, head) if pattern.search(head) else head + line
        text = text[:fence.end()] + head + rest
    write_file(path.parent, path.name, text)


def failing(stories: Sequence[StoryStatus], languages: Sequence[str], fail_on: Collection[str]) -> int:
    """How many versions are in a state `--fail-on` names."""
    return sum(story.versions[lang].state in fail_on for story in stories for lang in languages)

