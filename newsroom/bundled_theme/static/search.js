// The search page: Pagefind's JavaScript API over the language's indexes, results in the page's own markup.
// A language has base indexes (one per year) and one index of the stories changed since they were made;
// its manifest lists the fragments of the base indexes that are stale copies, which are never shown.
const PAGE_SIZE = 10;
const form = document.querySelector("form.search");
if (form) {
  start(form).catch(function (error) { console.warn("search unavailable:", error); });
}

async function start(form) {
  const bundles = form.dataset.bundles.split(" ").filter(Boolean);
  // asked afresh each time (a conditional request): a browser's heuristic caching of an old copy
  // would pair it with the new indexes of the next build and show stale copies, or hide fresh ones
  const manifest = await fetch(form.dataset.changes + "newsroom-changes.json", { cache: "no-cache" })
    .then(function (response) { return response.ok ? response.json() : { indexed: false, hidden: [] }; });
  const pagefind = await loadIndexes(bundles.concat(manifest.indexed ? [form.dataset.changes] : []));
  const hidden = new Set(manifest.hidden);
  const input = form.querySelector("input");
  const status = document.querySelector(".search-status");
  const list = document.querySelector(".search-results");
  const more = document.querySelector(".search-more");
  const lang = document.documentElement.lang;
  const forms = JSON.parse(form.dataset.counts);
  const plural = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  let results = [];
  let shown = 0;
  let latest = 0;

  async function showMore() {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    shown += batch.length;
    more.hidden = shown >= results.length;
    for (const data of await Promise.all(batch.map(function (result) { return result.data(); }))) {
      list.append(resultItem(data));
    }
  }

  async function run() {
    const term = input.value.trim();
    const mine = ++latest;
    const found = term ? await pagefind.search(term) : { results: [] };
    if (mine !== latest) {
      return;  // a later keystroke's search is on its way
    }
    results = found.results.filter(function (result) { return !hidden.has(result.id); });
    shown = 0;
    list.replaceChildren();
    status.textContent = term ? (forms[plural.select(results.length)] || forms.other).replace("{num}", numbers.format(results.length)) : "";
    await showMore();
  }

  let timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  more.addEventListener("click", showMore);
  form.hidden = false;
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run();
  }
}

// Every index the page lists that is still there: a copy of the page kept from before a
// deploy may list an index the deploy removed (Pagefind cannot search at all once it has
// merged one that fails to load, so each is asked for first, afresh).
async function loadIndexes(bundles) {
  const present = await Promise.all(bundles.map(function (bundle) {
    return fetch(bundle + "pagefind-entry.json", { cache: "no-cache" })
      .then(function (response) { return response.ok; }, function () { return false; });
  }));
  const live = bundles.filter(function (_, index) { return present[index]; });
  if (!live.length) {
    throw new Error("no search index answered");
  }
  const pagefind = await import(live[0] + "pagefind.js");
  await pagefind.options({ excerptLength: 30 });
  for (const bundle of live.slice(1)) {
    await pagefind.mergeIndex(bundle);
  }
  return pagefind;
}

function resultItem(data) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const excerpt = document.createElement("p");
  excerpt.append(...markedText(data.excerpt));
  item.append(link, excerpt);
  return item;
}

// Pagefind's excerpt is HTML with <mark> around the words found; keep only text and those marks.
function markedText(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html").body;
  return Array.from(parsed.childNodes, function (node) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}
