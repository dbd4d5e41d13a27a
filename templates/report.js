// kongtpl upgrade report: keyboard navigation between conflicts. The page
// reads fully without this script; it only adds movement.
(function () {
  "use strict";
  var root = document.documentElement;
  // A script error is written into the page, so a test (or a reader) sees it.
  window.addEventListener("error", function (event) {
    var marker = document.createElement("pre");
    marker.id = "kongtpl-script-error";
    marker.textContent = "script error: " + event.message;
    (document.body || root).appendChild(marker);
  });
  var conflicts = Array.prototype.slice.call(document.querySelectorAll("article.conflict"));
  var current = -1;
  function show(index) {
    if (!conflicts.length) return;
    if (index < 0) index = 0;
    if (index >= conflicts.length) index = conflicts.length - 1;
    if (current >= 0) conflicts[current].classList.remove("current");
    current = index;
    var target = conflicts[current];
    target.classList.add("current");
    target.focus();
    if (history.replaceState) history.replaceState(null, "", "#" + target.id);
    root.setAttribute("data-current-conflict", target.id);
  }
  function expandAll() {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  }
  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA") return;
    if (event.key === "n" || event.key === "j") show(current + 1);
    else if (event.key === "p" || event.key === "k") show(current - 1);
    else if (event.key === "e") expandAll();
    else return;
    event.preventDefault();
  }
  document.addEventListener("keydown", onKey);
  // Printing shows every folded line.
  window.addEventListener("beforeprint", expandAll);
  // "#kongtpl-keys=nnp" replays keys on load: the browser test drives the
  // keyboard handler through it.
  var replay = /^#kongtpl-keys=([a-z]*)$/.exec(location.hash);
  if (replay) {
    replay[1].split("").forEach(function (key) {
      document.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true }));
    });
  }
  root.setAttribute("data-conflict-count", String(conflicts.length));
  root.setAttribute("data-script", "ready");
})();
