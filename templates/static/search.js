// Pagefind's UI on the search page; Pagefind reads <html lang> and searches that language only.
window.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var element = document.getElementById("search");
  new PagefindUI({ element: "#search", bundlePath: element.dataset.bundle, showImages: false, resetStyles: false });
});
