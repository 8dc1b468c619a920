"""Carrying out a build's search plan (see search_plan) in its staging folder.

Every lane of the build ends here with the pages it knows and the record of the published
build; what to index follows from their fingerprints alone, and the record's search fields
are set from what was indexed, so an index that failed or was deferred is made next time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build_options import BuildOptions
from .errors import BuildFailed, Problem
from .record import BuildRecord
from .search import CHANGES_FILE, SEARCH_FOLDER, build_search_shard, fragment_ids, write_changes_manifest
from .search_plan import SearchPlan, changes_shard, language_of, plan_search


@dataclass(frozen=True)
class SearchResult:
    record: BuildRecord  # the new record, with the search fields of what was indexed
    replaced: list[str]  # site folders (search indexes) made anew in the staging folder
    removed: list[str]  # site folders of indexes no page belongs to any more
    problems: list[Problem]


def index_search(options: BuildOptions, new: BuildRecord, previous: BuildRecord | None, staging: Path,
                 rendered: set[str], only_one: bool = False) -> SearchResult:
    """Index what the plan says, for the record `new` (its pages, sources) after `previous`
    (None: a full build, every base made anew). Pages in `rendered` are read from the
    staging folder, the others from the published site. With `only_one`, a single index is
    made (the dev server does the rest while no save waits)."""
    members = new.shard_pages
    site = options.output / SEARCH_FOLDER
    languages = {language_of(shard) for shard in members}
    old = previous or BuildRecord("", (), "", {}, {}, {})
    missing = frozenset({shard for shard in members if not (site / shard).is_dir()}
                        | {changes_shard(lang) for lang in languages
                           if not (site / changes_shard(lang) / CHANGES_FILE).is_file()})
    plan = plan_search(members, new.pages, old.pages, old.shard_pages, old.shards, old.changes,
                       old.change_bundles, missing)
    gone = [f"{SEARCH_FOLDER}/{name}" for name in sorted(set(old.shards) - set(members))]
    gone += [f"{SEARCH_FOLDER}/{changes_shard(lang)}" for lang in sorted(set(old.change_bundles) - languages)]
    bases, bundles, problems = [], [], []
    if not options.defer_search or only_one:
        bases, bundles, problems = _carry_out(plan, options, staging, rendered, only_one)
    record = new.keeping_members(changes=plan.changes,
                     shards={k: v for k, v in plan.shards.items() if k not in plan.bases or k in bases},
                     change_bundles={k: v for k, v in plan.bundle_digests.items() if k not in plan.bundles or k in bundles})
    replaced = [f"{SEARCH_FOLDER}/{shard}" for shard in bases] + [f"{SEARCH_FOLDER}/{changes_shard(lang)}" for lang in bundles]
    return SearchResult(record, replaced, gone, problems)


def _carry_out(plan: SearchPlan, options: BuildOptions, staging: Path, rendered: set[str],
               only_one: bool) -> tuple[list[str], list[str], list[Problem]]:
    """Bases first: a changes index hides stale copies by the ids its bases were given."""
    def where(page: str) -> Path:
        return (staging if page in rendered else options.output) / page

    site = options.output / SEARCH_FOLDER
    bases: list[str] = []
    bundles: list[str] = []
    # One Pagefind at a time: two in parallel took 27.0 s instead of 33.6 s for the 18 bases of
    # 5,000 stories x 3 languages, but 120 MB more at the build's peak (a third of Hugo's memory)
    for shard, pages in plan.bases.items():
        if only_one and bases:
            break
        problem = build_search_shard({page: where(page) for page in pages}, staging / SEARCH_FOLDER / shard)
        if problem is not None:
            return bases, bundles, _stopped(problem, options)
        bases.append(shard)
    for lang, (shown, hidden) in plan.bundles.items():
        if only_one and (bases or bundles):
            break
        folder = staging / SEARCH_FOLDER / changes_shard(lang)
        if shown:
            problem = build_search_shard({page: where(page) for page in shown}, folder)
            if problem is not None:
                return bases, bundles, _stopped(problem, options)
        stale_ids = []
        for base, pages in hidden.items():
            ids = fragment_ids(site / base)
            stale_ids += [ids[page] for page in pages if page in ids]
        write_changes_manifest(folder, bool(shown), stale_ids)
        bundles.append(lang)
    return bases, bundles, []


def _stopped(problem: Problem, options: BuildOptions) -> list[Problem]:
    """Pagefind's failure: an error (a warning when it is not installed), unless --keep-going."""
    if options.strict:
        problem = problem.as_error()
    if not problem.warning and not options.keep_going:
        raise BuildFailed([problem])
    return [problem]
