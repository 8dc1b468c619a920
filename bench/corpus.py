"""Deterministic synthetic corpus: STORIES stories x LANGUAGES, Markdown with front matter.

Hugo's naming (`story-00042.fr.md`) links the translations; each article has about 700
words with headings, links, emphasis, diacritics, and one language in a non-Latin script.

    python bench/corpus.py OUT_DIR --stories 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

LANGUAGES = ("en", "fr", "ru")
WORDS = {
    "en": "the council city report minister budget election market school hospital river storm energy court "
          "police village farmers students government company workers prices housing transport museum".split(),
    "fr": "le conseil ville rapport ministre budget élection marché école hôpital rivière tempête énergie "
          "tribunal police village agriculteurs étudiants gouvernement société ouvriers prix logement été".split(),
    "ru": "совет город доклад министр бюджет выборы рынок школа больница река буря энергия суд полиция "
          "деревня фермеры студенты правительство компания рабочие цены жильё транспорт музей".split(),
}
TAGS = ("politics", "economy", "climate", "health", "education", "culture", "sport", "science")


def _sentence(rng: random.Random, lang: str) -> str:
    words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    if rng.random() < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{lang}/{rng.randint(1, 99999)})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, story: int, lang: str, date: dt.date) -> str:
    title = " ".join(rng.choice(WORDS[lang]) for _ in range(6)).capitalize()
    paragraphs = []
    words = 0
    while words < 700:
        if paragraphs and rng.random() < 0.12:
            paragraphs.append("## " + " ".join(rng.choice(WORDS[lang]) for _ in range(4)).capitalize())
            continue
        paragraph = " ".join(_sentence(rng, lang) for _ in range(rng.randint(3, 6)))
        words += len(paragraph.split())
        paragraphs.append(paragraph)
    tags = sorted(rng.sample(TAGS, 2))
    front = (f"---\ntitle: \"{title} {story}\"\ndate: {date.isoformat()}\ntags: [{', '.join(tags)}]\n"
             f"source: https://example.org/original/{story}\n---\n")
    return front + "\n\n".join(paragraphs) + "\n"


def generate(out: Path, stories: int, languages: tuple[str, ...] = LANGUAGES, seed: int = 1) -> Path:
    """Write the corpus under out/content (idempotent for the same arguments)."""
    content = out / "content"
    content.mkdir(parents=True, exist_ok=True)
    start = dt.date(2020, 1, 1)
    for story in range(stories):
        rng = random.Random(seed * 1_000_003 + story)
        date = start + dt.timedelta(days=rng.randrange(2000))
        for lang in languages:
            path = content / f"story-{story:05d}.{lang}.md"
            text = article(random.Random(f"{seed}-{story}-{lang}"), story, lang, date)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--stories", type=int, default=1000)
    args = parser.parse_args()
    generate(args.out, args.stories)


if __name__ == "__main__":
    main()
