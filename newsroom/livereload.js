// Injected by `--serve` only: waits for the next build, then shows it.
//
// After a build that only changed sources, the page fetches itself and puts the new head
// and body in place of the old, keeping its stylesheets: no new requests for them, no new
// layout from scratch. Anything else (a template, a stylesheet, the page's own scripts, a
// failed fetch) reloads the page.
(function () {
  "use strict";
  var SELF = "/__newsroom/livereload.js";
  var epoch = document.currentScript.dataset.epoch;

  function ownScripts(doc) {  // a patched-in script would not run: such a page reloads
    return Array.prototype.filter.call(doc.scripts, function (script) {
      return script.type !== "application/ld+json" && script.getAttribute("src") !== SELF;
    }).length;
  }

  function stylesheets(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("link[rel~='stylesheet']"), function (link) {
      return link.getAttribute("href");
    }).join(" ");
  }

  function kept(node) {  // the head's stylesheets and icons stay: same files, already loaded
    return node.nodeName === "LINK" && /\b(stylesheet|icon)\b/.test(node.rel);
  }

  function patch() {
    if (ownScripts(document)) {
      return Promise.reject(new Error("the page runs scripts"));
    }
    return fetch(location.href, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("not the same page");
        }
        return response.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, "text/html");
        var script = next.querySelector("script[src='" + SELF + "']");
        if (!script || ownScripts(next) || stylesheets(next) !== stylesheets(document)) {
          throw new Error("the page changed more than its content");
        }
        document.documentElement.lang = next.documentElement.lang;
        document.documentElement.dir = next.documentElement.dir;
        Array.prototype.slice.call(document.head.childNodes).forEach(function (node) {
          if (!kept(node)) { document.head.removeChild(node); }
        });
        Array.prototype.slice.call(next.head.childNodes).forEach(function (node) {
          if (!kept(node)) { document.head.appendChild(document.adoptNode(node)); }
        });
        document.body.replaceWith(document.adoptNode(next.body));
        epoch = script.dataset.epoch;
      });
  }

  function poll() {
    // the page polled for tells the server which page to render first after a template edit
    fetch("/__newsroom/poll?epoch=" + encodeURIComponent(epoch) + "&page=" + encodeURIComponent(location.pathname),
          { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (String(data.epoch) === String(epoch)) {
          poll();
        } else if (data.patch) {
          patch().then(poll, function () { window.location.reload(); });
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
