// Pagefind's UI on the search page. Each language has one index per year of publication:
// the newest is loaded first and the older ones are merged in. Pagefind reads <html lang>.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var element = document.getElementById("search");
  var bundles = element.dataset.bundles.split(" ").filter(Boolean);
  if (!bundles.length || typeof PagefindUI === "undefined") {
    return;
  }
  new PagefindUI({
    element: "#search",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path }; }),
    showImages: false,
    resetStyles: false
  });
  // The UI labels its field with a title only; give it a real accessible name in the page's language.
  var input = element.querySelector("input");
  if (input) {
    input.setAttribute("aria-label", element.dataset.label);
  }
});
