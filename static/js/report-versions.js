// Committee report versions (admin): while a version is queued or being generated, ask the
// server every second and show its progress; the download link appears when it is ready.
// The status line is a live region, changed only when the news changes, so a screen reader
// hears each step once. Without JavaScript the page refreshes itself (<noscript> meta refresh).
(function () {
  "use strict";
  var root = document.querySelector("[data-report-versions-url]");
  if (!root || !window.fetch || !root.hasAttribute("data-report-versions-active")) {
    return;
  }
  var url = root.getAttribute("data-report-versions-url");
  var every = 1000 * (parseFloat(root.getAttribute("data-report-versions-poll")) || 1);
  var status = root.querySelector("[data-report-versions-status]");
  var panel = root.querySelector("[data-report-versions-panel]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          window.setTimeout(poll, every * 5);
          return;
        }
        var news = document.createElement("p");
        news.innerHTML = data.status;
        if (news.textContent.trim() !== status.textContent.trim()) {
          status.innerHTML = data.status;
        }
        panel.innerHTML = data.panel;
        if (data.in_progress) {
          window.setTimeout(poll, every);
        } else {
          root.removeAttribute("data-report-versions-active");
        }
      })
      .catch(function () {
        window.setTimeout(poll, every * 5);
      });
  }
  window.setTimeout(poll, every);
})();
