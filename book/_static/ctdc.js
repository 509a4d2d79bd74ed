// Charts measure their labels when drawn; once the web fonts have loaded (Arabic text is
// wider in Noto Naskh than in the fallback), redraw them so that no label is cut off.
(function () {
  function redraw() {
    if (!window.Plotly) return;
    document.querySelectorAll(".ctdc-plot").forEach(function (plot) {
      if (plot.data) window.Plotly.relayout(plot, {});
    });
  }
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", redraw);
      else redraw();
    });
  }
})();
