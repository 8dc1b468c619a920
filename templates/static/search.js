// Pagefind's UI on the search page; Pagefind reads <html lang> and searches that language only.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var element = document.getElementById("search");
  new PagefindUI({ element: "#search", bundlePath: element.dataset.bundle, showImages: false, resetStyles: false });
  // The UI labels its field with a title only; give it a real accessible name in the page's language.
  var input = element.querySelector("input");
  if (input) {
    input.setAttribute("aria-label", element.dataset.label);
  }
});
