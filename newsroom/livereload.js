// Injected by `--serve` only: waits for the next build, then reloads the page.
(function () {
  "use strict";
  var epoch = document.currentScript.dataset.epoch;
  function poll() {
    // the page polled for tells the server which page to render first after a template edit
    fetch("/__newsroom/poll?epoch=" + encodeURIComponent(epoch) + "&page=" + encodeURIComponent(location.pathname),
          { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (String(data.epoch) !== String(epoch)) {
          window.location.reload();
        } else {
          poll();
        }
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
