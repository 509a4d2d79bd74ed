// Charts measure their labels when drawn; once the web fonts have loaded (Arabic text is
// wider in Noto Naskh than in the fallback), redraw them so that no label is cut off.
// Legends are a key, not a control: clicking one would hide a series, which a keyboard user
// could not do or undo (WCAG 2.1.1), and the data table already gives every series.
(function () {
  var FIXED_LEGEND = {"legend.itemclick": false, "legend.itemdoubleclick": false};
  function each(fn) {
    if (!window.Plotly) return;
    document.querySelectorAll(".ctdc-plot").forEach(function (plot) {
      if (plot.data) fn(plot);
    });
  }
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  ready(function () {
    each(function (plot) { window.Plotly.relayout(plot, FIXED_LEGEND); });
  });
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () {
      ready(function () { each(function (plot) { window.Plotly.relayout(plot, {}); }); });
    });
  }
})();

// Long pages (layout.html lists them) open with a list of their sections. The list follows the
// page title; on the key findings page, which has no sections, it lists the findings themselves
// by their bold lead-in, each given an anchor.
(function () {
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
  ready(function () {
    var nav = document.querySelector(".ctdc-onpage");
    var article = document.querySelector(".bd-article");
    if (!nav || !article) return;
    var title = article.querySelector("h1");
    if (title) title.insertAdjacentElement("afterend", nav);
    if (nav.querySelector("a")) return;
    var list = document.createElement("ul");
    article.querySelectorAll("li").forEach(function (item, i) {
      var first = item.firstElementChild;
      if (first && first.tagName === "P") first = first.firstElementChild;
      if (!first || first.tagName !== "STRONG" || first.previousSibling && first.previousSibling.textContent.trim()) return;
      if (!item.id) item.id = "finding-" + (i + 1);
      var link = document.createElement("a");
      link.href = "#" + item.id;
      link.textContent = first.textContent.replace(/[.:\s]+$/, "");
      var entry = document.createElement("li");
      entry.appendChild(link);
      list.appendChild(entry);
    });
    if (list.children.length) nav.appendChild(list);
    else nav.hidden = true;
  });
})();

// "Back to top" is not needed, and would cover the text, while the reader is on the first screen.
(function () {
  function start() {
    var bar = document.querySelector(".ctdc-to-top-bar");
    if (!bar) return;
    var update = function () { bar.classList.toggle("is-idle", window.scrollY < window.innerHeight / 2); };
    window.addEventListener("scroll", update, {passive: true});
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
