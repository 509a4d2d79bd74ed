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
