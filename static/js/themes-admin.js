// Theme review (admin): while an analysis run is active, poll its progress and reload when done.
// Without JavaScript the page shows the same state and a "Refresh this page" link.
(function () {
  "use strict";
  var panel = document.querySelector("[data-themes-progress-url]");
  if (!panel || !window.fetch) {
    return;
  }
  var url = panel.getAttribute("data-themes-progress-url");
  var progress = panel.querySelector("progress");
  var count = panel.querySelector("[data-themes-run-count]");
  if (!progress) {
    return; // nothing running when the page was drawn
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        if (!data.active) {
          window.location.reload();
          return;
        }
        progress.max = Math.max(data.batches_total, 1);
        progress.value = data.batches_done;
        progress.textContent = data.percent + "%";
        if (count) {
          count.textContent = data.batches_done + " / " + data.batches_total;
        }
        window.setTimeout(poll, 3000);
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 2000);
})();
