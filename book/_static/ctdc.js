// Charts. Every figure comes as a static SVG that the build drew (static_charts.py), shown with no
// script; this swaps in the interactive chart, drawn by plotly.js from the figure's inert JSON spec.
// plotly.js (1.5 MB) is fetched only on a page with figures, without blocking anything: as soon
// as a figure nears the screen; but on a phone's screen, when the reader asked to save data, or when the
// connection is slow, only once the reader taps the button under a chart. The static picture is hidden only when the
// interactive chart is drawn. window.ctdc.activateCharts() makes every figure of the page
// interactive and resolves when they all are.
// Legends are a key, not a control: clicking one would hide a series, which a keyboard user
// could not do or undo (WCAG 2.1.1), and the data table already gives every series.
// Charts measure their labels when drawn; once the web fonts have loaded (Arabic text is wider
// in Noto Naskh than in the fallback), they are redrawn so that no label is cut off.
(function () {
  var FIXED_LEGEND = {itemclick: false, itemdoubleclick: false};
  var SLOW = ["slow-2g", "2g", "3g"];
  var me = document.currentScript || document.querySelector('script[src*="ctdc.js"]');
  var PLOTLY = me && me.src ? me.src.replace(/ctdc\.js(\?.*)?$/, "plotly.min.js") : "../_static/plotly.min.js";
  var loading = null;
  var drawn = [];

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = PLOTLY;
        script.async = true;
        script.onload = function () {
          if (window.Plotly) resolve(window.Plotly);
          else reject(new Error(PLOTLY + " did not define Plotly"));
        };
        script.onerror = function () {
          loading = null;
          script.remove();
          reject(new Error("could not load " + PLOTLY));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  // On a phone's screen the static charts are the charts (they are drawn for 360 px), and plotly.js
  // would cost a metered line half a megabyte: as when saving data, a tap makes a chart interactive.
  function waitForTap() {
    var c = navigator.connection;
    var phone = window.matchMedia && window.matchMedia("(max-width: 599px)").matches;
    return phone || (!!c && (c.saveData === true || SLOW.indexOf(c.effectiveType) >= 0));
  }

  function parts(figure) {
    var button = figure.querySelector(".ctdc-figure__activate button");
    return {
      box: figure.querySelector(".ctdc-plot"),
      spec: figure.querySelector("script.ctdc-plot-spec"),
      picture: figure.querySelector(".ctdc-figure__static"),
      bar: button && button.parentNode,
      button: button
    };
  }

  // Small multiples carry a second layout, their panels in two columns, for a chart box at least
  // WIDE_FROM pixels wide (as the wide static SVG the picture shows from that width); the box is
  // measured while the picture still holds its place.
  var WIDE_FROM = 600;
  function chosen(spec, box) {
    var width = box.parentNode ? box.parentNode.getBoundingClientRect().width : 0;
    if (!spec.wide || width < WIDE_FROM) return spec;
    return {data: spec.wide.data, layout: spec.wide.layout, config: spec.config};
  }

  // Draw one figure's interactive chart; the same promise for every later call.
  function activate(figure) {
    if (figure.ctdcActive) return figure.ctdcActive;
    var p = parts(figure);
    if (!p.box || !p.spec) return Promise.resolve();
    var label = p.button && p.button.textContent;
    if (p.button) {
      p.button.disabled = true;
      p.button.setAttribute("aria-busy", "true");
      if (p.button.dataset.loading) p.button.textContent = p.button.dataset.loading;
    }
    figure.ctdcActive = loadPlotly().then(function (Plotly) {
      var spec = chosen(JSON.parse(p.spec.textContent), p.box);
      p.box.style.height = spec.layout.height + "px";
      spec.layout.legend = Object.assign({}, spec.layout.legend, FIXED_LEGEND);
      // Drawn under the picture, out of sight, then shown in its place: nothing jumps meanwhile.
      p.box.classList.add("is-drawing");
      p.box.hidden = false;
      return Plotly.newPlot(p.box, spec.data, spec.layout, spec.config).then(function () {
        p.box.classList.remove("is-drawing");
        if (p.picture) p.picture.hidden = true;
        if (p.bar) p.bar.hidden = true;
        figure.classList.add("is-interactive");
        drawn.push(p.box);
      });
    }).catch(function (err) {
      figure.ctdcActive = null;  // the static chart stays; the reader can try again
      p.box.hidden = true;
      p.box.classList.remove("is-drawing");
      if (p.button) {
        p.button.disabled = false;
        p.button.removeAttribute("aria-busy");
        p.button.textContent = label;
      }
      throw err;
    });
    return figure.ctdcActive;
  }

  // The page, and the figure's static chart, come first: plotly.js is fetched only after them, so
  // that on a slow line it never holds back the first chart the reader sees.
  function shownFirst(figure) {
    var img = figure.querySelector(".ctdc-figure__static img");
    var page = new Promise(function (resolve) {
      if (document.readyState === "complete") resolve();
      else window.addEventListener("load", resolve, {once: true});
    });
    var picture = new Promise(function (resolve) {
      if (!img || img.complete) resolve();
      else {
        img.addEventListener("load", resolve, {once: true});
        img.addEventListener("error", resolve, {once: true});
      }
    });
    return Promise.all([page, picture]);
  }

  function figures() {
    return Array.prototype.filter.call(document.querySelectorAll(".ctdc-figure"), function (f) {
      return f.querySelector("script.ctdc-plot-spec");
    });
  }

  window.ctdc = window.ctdc || {};
  window.ctdc.activateCharts = function () {
    return new Promise(function (resolve) { ready(resolve); }).then(function () {
      return Promise.all(figures().map(activate));
    }).then(function () { return true; });
  };

  ready(function () {
    var all = figures();
    if (!all.length) return;
    if (waitForTap()) {
      all.forEach(function (figure) {
        var p = parts(figure);
        if (!p.button) return;
        p.bar.hidden = false;
        p.button.addEventListener("click", function () { activate(figure).catch(function () {}); });
      });
      return;
    }
    if (!("IntersectionObserver" in window)) {
      all.forEach(function (figure) { activate(figure).catch(function () {}); });
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        shownFirst(entry.target).then(function () { return activate(entry.target); }).catch(function () {});
      });
    }, {rootMargin: "800px 0px"});
    all.forEach(function (figure) { observer.observe(figure); });
  });

  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () {
      drawn.forEach(function (box) { if (window.Plotly && box.data) window.Plotly.relayout(box, {}); });
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

// Traceable numbers (number.html): a glued share carries the sentence that explains it ("27% = 4,090 of
// 15,150 records with …") as its accessible name and title, and links to its figure. Here a hover (mouse),
// a keyboard focus or a tap shows that sentence in a small tip under the number, with links to the figure
// and to the row of its CSV. On a touch screen the first tap opens the tip (a second tap follows the link);
// Escape, the close button, a tap elsewhere or scrolling the number out of sight closes it. The tip stays
// inside the screen and follows the page's direction.
(function () {
  var tip = null, owner = null, openedAt = 0, downAt = -1, downType = "", hideTimer = 0;

  function build() {
    tip = document.createElement("div");
    tip.className = "ctdc-num-tip";
    tip.id = "ctdc-num-tip";
    tip.hidden = true;
    tip.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    tip.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") later(); });
    tip.addEventListener("focusout", function (e) {
      if (!tip.contains(e.relatedTarget) && e.relatedTarget !== owner) later();
    });
  }

  function place() {
    if (!owner) return;
    var r = owner.getBoundingClientRect(), vw = document.documentElement.clientWidth;
    var width = Math.min(tip.offsetWidth, vw - 16);
    var rtl = getComputedStyle(owner).direction === "rtl";
    var left = rtl ? r.right - width : r.left;
    left = Math.max(8, Math.min(left, vw - width - 8));
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight - 4 && r.top - tip.offsetHeight - 6 > 4) top = r.top - tip.offsetHeight - 6;
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function open(number) {
    clearTimeout(hideTimer);
    if (!tip) build();
    if (owner === number && !tip.hidden) return;
    owner = number;
    openedAt = performance.now();
    tip.textContent = "";
    var text = document.createElement("p");
    text.className = "ctdc-num-tip__text";
    text.textContent = number.getAttribute("data-ctdc-num");
    tip.appendChild(text);
    var links = document.createElement("p");
    links.className = "ctdc-num-tip__links";
    if (number.tagName === "A") links.appendChild(link(number.getAttribute("href"), number.getAttribute("data-figure-text")));
    if (number.hasAttribute("data-csv")) links.appendChild(link(number.getAttribute("data-csv"), number.getAttribute("data-csv-text")));
    if (links.children.length) tip.appendChild(links);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "ctdc-num-tip__close";
    close.setAttribute("aria-label", number.getAttribute("data-close-text") || "Close");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { var n = owner; hide(); if (n) n.focus(); });
    tip.appendChild(close);
    number.after(tip); // next in the reading and tab order: the tip's links follow the number
    tip.hidden = false;
    number.setAttribute("aria-expanded", "true");
    place();
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!tip || tip.hidden) return;
    tip.hidden = true;
    if (owner) owner.removeAttribute("aria-expanded");
    owner = null;
  }

  function later() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function start() {
    var numbers = document.querySelectorAll(".ctdc-num[data-ctdc-num]");
    if (!numbers.length) return;
    numbers.forEach(function (number) {
      number.removeAttribute("title"); // the tip shows the sentence: no second, native tooltip
      number.addEventListener("pointerdown", function (e) { downAt = performance.now(); downType = e.pointerType; });
      number.addEventListener("pointerenter", function (e) { if (e.pointerType === "mouse") open(number); });
      number.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") later(); });
      number.addEventListener("focus", function () { open(number); });
      number.addEventListener("blur", function (e) { if (!tip || !tip.contains(e.relatedTarget)) later(); });
      number.addEventListener("click", function (e) {
        // A tap (touch or pen) that opened the tip only opens it; the tip's own link then leads on.
        var tapped = downType && downType !== "mouse" && downAt >= 0;
        if (!tip || tip.hidden || owner !== number) { e.preventDefault(); open(number); }
        else if (tapped && openedAt >= downAt - 50) e.preventDefault();
        downType = ""; downAt = -1;
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && tip && !tip.hidden) {
        var n = owner, inside = tip.contains(document.activeElement);
        hide();
        if (inside && n) n.focus({preventScroll: true});
      }
    });
    document.addEventListener("pointerdown", function (e) {
      if (tip && !tip.hidden && !tip.contains(e.target) && !(owner && owner.contains(e.target))) hide();
    });
    window.addEventListener("resize", function () { if (tip && !tip.hidden) place(); });
    window.addEventListener("scroll", function () { if (tip && !tip.hidden) place(); }, {passive: true});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Figure tools and embeds (figure_tools.html, embed_page.html, embed_list.html).
// - Addresses in embed code and citations are the public ones; served elsewhere (a preview, a copy of the
//   site), they are shown as this page's own.
// - The copy buttons appear only where a clipboard can be written; each says "Copied" in its row's live
//   status; if copying fails, the status says so and the details under the row open on the text to select.
// - An embed page (html[data-ctdc-embed]) in a frame posts its height to the page around it, on load and
//   whenever its content changes size: {type: "ctdc-embed:height", height, key}. The iframe code listens.
(function () {
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function localAddresses() {
    document.querySelectorAll("[data-ctdc-src][data-ctdc-abs]").forEach(function (el) {
      var abs = el.getAttribute("data-ctdc-abs");
      var here = new URL(el.getAttribute("data-ctdc-src"), window.location.href).href;
      if (abs !== here) el.textContent = el.textContent.split(abs).join(here);
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function canCopy() {
    return (navigator.clipboard && window.isSecureContext) ||
      (document.queryCommandSupported && document.queryCommandSupported("copy"));
  }

  function figureTools() {
    localAddresses();
    if (!canCopy()) return;
    document.querySelectorAll(".ctdc-tools").forEach(function (row) {
      var figure = row.closest(".ctdc-figure") || document;
      var status = row.querySelector(".ctdc-tools__status");
      var more = figure.querySelector(".ctdc-tools__more");
      var timer = null;
      row.querySelectorAll("button[data-copy]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var source = figure.querySelector('[data-ctdc-copy="' + button.getAttribute("data-copy") + '"]');
          if (!source) return;
          copyText(source.textContent.trim()).then(function () {
            status.textContent = status.getAttribute("data-copied");
          }, function () {
            status.textContent = status.getAttribute("data-failed");
            if (more) more.open = true;
          }).then(function () {
            clearTimeout(timer);
            timer = setTimeout(function () { status.textContent = ""; }, 5000);
          });
        });
      });
    });
  }

  function embedResize() {
    var root = document.documentElement;
    var key = root.getAttribute("data-ctdc-embed");
    if (key === null || window.parent === window) return;
    var last = 0;
    function post() {
      var height = Math.ceil(root.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({type: "ctdc-embed:height", height: height, key: key}, "*");
    }
    post();
    window.addEventListener("load", post);
    window.addEventListener("resize", post);
    if ("ResizeObserver" in window) new ResizeObserver(post).observe(document.body);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(post);
  }

  ready(function () {
    figureTools();
    embedResize();
  });
})();
