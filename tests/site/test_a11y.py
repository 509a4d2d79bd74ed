"""WCAG 2.1 AA in a real browser, on every page of every edition (of the country and figure pages,
which one template makes many times over, those support.site.browsed names): axe-core finds no violation
(desktop and phone, with every chart's data table open), every control works from the keyboard,
every chart has a name, a description, a summary and a table in the accessibility tree, phones
never scroll sideways, and chapters print without site chrome or split figures."""

from __future__ import annotations

import pytest

from ctdc_story.meta import settings
from support.browsing import AXE, SITE, browsed, chart_pages, name, open_all_details, pages, visit

pytestmark = pytest.mark.site
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it stands, one line per element."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make site-tests` installs axe-core with npm (see README)")
    if not page.evaluate("!!window.axe"):
        page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {' '.join(map(str, n['target']))}: {n['failureSummary']}"
        for v in result["violations"]
        for n in v["nodes"]
    ]


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_axe_finds_no_violation_on_any_page(page, lang):
    found = []
    for path in browsed(pages(lang)):
        visit(page, path)
        open_all_details(page)  # closed disclosures are not rendered; check the tables too
        found += [f"{name(path)}: {v}" for v in axe(page)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_phone_no_sideways_scroll_and_no_violation(phone, lang):
    """At 360×740 the page never scrolls sideways; wide tables scroll in their own focusable box."""
    found = []
    for path in browsed(pages(lang)):
        visit(phone, path)
        open_all_details(phone)
        state = phone.evaluate("""() => {
          const root = document.scrollingElement, vw = window.innerWidth;
          const charts = [...document.querySelectorAll('.ctdc-plot .main-svg')].map(s => s.getBoundingClientRect())
            .filter(b => b.right > vw + 1 || b.left < -1).length;
          const tables = [...document.querySelectorAll('table')].filter(t => {
            const box = t.closest('.ctdc-table-scroll, .table-wrapper, .pst-scrollable-table-container');
            return t.getBoundingClientRect().width > vw && !(box && box.getBoundingClientRect().width <= vw);
          }).length;
          return {scrollWidth: root.scrollWidth, vw, charts, tables};
        }""")
        if state["scrollWidth"] > state["vw"]:
            found.append(f"{name(path)}: the page scrolls sideways ({state['scrollWidth']}px in {state['vw']}px)")
        if state["charts"] or state["tables"]:
            found.append(f"{name(path)}: {state['charts']} chart(s), {state['tables']} table(s) wider than the screen")
        found += [f"{name(path)} (phone): {v}" for v in axe(phone)]
    assert not found, "\n".join(found)


FOCUSED = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  e.dataset.tabSeen = e.dataset.tabSeen || String(Math.random());
  return {key: e.dataset.tabSeen, tag: e.tagName.toLowerCase(), cls: e.className && e.className.baseVal === undefined ? e.className : '',
          text: (e.textContent || '').trim().slice(0, 40), href: e.getAttribute('href'),
          inSwitcher: !!e.closest('.ctdc-lang-switcher'), inNav: e.matches('.bd-sidebar-primary .bd-links a'),
          summary: e.tagName === 'SUMMARY', region: e.classList.contains('ctdc-table-scroll'),
          visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none'}; }"""
# Each focus the keyboard moves, noted by the page as it happens (FOCUSED on every focusin), so that
# the walk reads the page once per batch of Tab presses rather than once per press.
NOTE_FOCUS = f"""() => {{ window.tabLog = []; if (window.tabNoted) return; window.tabNoted = true;
  const focused = {FOCUSED};
  document.addEventListener('focusin', () => {{ const f = focused(); if (f) window.tabLog.push(f); }}, true); }}"""
TAB_BATCH = 20


def tab_walk(page, limit=400):
    """Tab from the top of the page until focus comes round again; what received focus, in order."""
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    page.evaluate(NOTE_FOCUS)
    seen, keys = [], set()
    for _ in range(0, limit, TAB_BATCH):
        for _press in range(TAB_BATCH):
            page.keyboard.press("Tab")
        for focused in page.evaluate("window.tabLog.splice(0)"):
            if focused["key"] in keys:
                return seen
            keys.add(focused["key"])
            seen.append(focused)
    return seen


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_control_is_reached_by_tab_with_visible_focus(page, lang):
    """Tab reaches the navigation, the language switcher and every chart's data disclosure (and,
    once open, its table box) on every page, and focus is always visible there."""
    problems = []
    for path in browsed(pages(lang)):
        visit(page, path)
        open_all_details(page)
        counts = page.evaluate("""() => ({
          summaries: document.querySelectorAll('details > summary').length,
          regions: document.querySelectorAll('.ctdc-table-scroll').length,
          switcher: [...document.querySelectorAll('.ctdc-lang-switcher a')].filter(a => a.offsetParent).length,
          nav: [...document.querySelectorAll('.bd-sidebar-primary .bd-links a')].filter(a => a.offsetParent).length})""")
        seen = tab_walk(page)
        got = {
            "summaries": sum(f["summary"] for f in seen),
            "regions": sum(f["region"] for f in seen),
            "switcher": sum(f["inSwitcher"] for f in seen),
            "nav": sum(f["inNav"] for f in seen),
        }
        if got != counts:
            problems.append(f"{name(path)}: Tab reached {got}, the page has {counts}")
        unseen = [f for f in seen if (f["summary"] or f["region"] or f["inSwitcher"]) and not f["visible"]]
        if unseen:
            problems.append(f"{name(path)}: no visible focus on {unseen[:3]}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_keyboard_opens_tables_and_follows_links(page, lang):
    """Enter and Space toggle each chart's data table; Shift+Tab goes back; Enter follows the
    language switcher and the navigation."""
    path = SITE / lang / "notebooks" / "02_victims.html"
    visit(page, path)
    summaries = page.locator(".ctdc-figure__data > summary")
    assert summaries.count() >= 2
    for i in range(summaries.count()):
        summary = summaries.nth(i)
        summary.focus()
        details = summary.locator("xpath=..")
        page.keyboard.press("Enter")
        assert details.evaluate("d => d.open"), f"Enter did not open table {i}"
        assert details.locator("table th[scope=col]").first.is_visible()
        page.keyboard.press("Tab")  # next stop: the table's own scroll box
        assert page.evaluate("document.activeElement.classList.contains('ctdc-table-scroll')")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Space")
        assert not details.evaluate("d => d.open"), f"Space did not close table {i}"
    # Enter on the language switcher
    target = "fr" if lang != "fr" else "ar"
    page.locator(f'.ctdc-lang-switcher a[hreflang="{target}"]').first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{target}/notebooks/02_victims.html")
    # Enter on the next chapter in the navigation
    page.go_back()
    page.wait_for_url(f"**/{lang}/notebooks/02_victims.html")
    link = page.locator('.bd-sidebar-primary .bd-links a[href$="03_perpetrators.html"]').first
    link.focus()
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("03_perpetrators.html")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/notebooks/03_perpetrators.html")


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_chart_is_named_described_and_has_a_table(page, lang):
    """Read from Chromium's accessibility tree: each chart is an image named by its title and
    described by its reading guide and summary; its data table has column and row headers."""
    cdp = page.context.new_cdp_session(page)
    problems, checked = [], 0
    for path in browsed(chart_pages(lang)):
        visit(page, path)
        cdp.send("DOM.enable")
        cdp.send("Accessibility.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        charts = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": ".ctdc-figure__chart"})["nodeIds"]
        figures = page.locator(".ctdc-figure")
        assert len(charts) == figures.count() > 0
        for i, node in enumerate(charts):
            ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
            role = ax.get("role", {}).get("value")
            accname = ax.get("name", {}).get("value", "")
            description = ax.get("description", {}).get("value", "")
            figure = figures.nth(i)
            title = figure.locator(".ctdc-figure__title").text_content().strip()
            guide = figure.locator(".ctdc-figure__guide").text_content().strip()
            summary = figure.locator(".ctdc-figure__summary").text_content().strip()
            if role != "image" or accname != title:
                problems.append(f"{name(path)} chart {i}: role {role!r}, name {accname!r} (title {title!r})")
            if not (guide and summary and guide in description and summary in description):
                problems.append(f"{name(path)} chart {i}: description {description[:80]!r}")
            table = figure.locator("details table")
            if not (
                table.locator("thead th[scope=col]").count()
                and table.locator("tbody th[scope=row]").count()
                and table.locator("tbody td").count()
            ):
                problems.append(f"{name(path)} chart {i}: the data table lacks header or data cells")
            checked += 1
    assert checked >= 5
    assert not problems, "\n".join(problems)


EAGER = """() => Promise.all([...document.querySelectorAll('.ctdc-figure__static img')].map(img => {
  img.loading = 'eager';
  return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
}))"""


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_chapters_print_cleanly(page, lang, tmp_path):
    """In print, site chrome is hidden; figures and tables are kept whole on an A4 page; every chart
    prints as its wide static SVG (small multiples in two columns), even once it was made interactive."""
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi; a page prints about 1,040 px high
    problems = []
    for path in browsed(chart_pages(lang)):
        page.emulate_media(media="screen")  # the reader reads (the charts turn interactive), then prints
        visit(page, path)
        page.emulate_media(media="print")
        # Printing loads the lazy images the reader never scrolled to (or whose picture the interactive
        # chart replaced before it loaded); emulated print media does not: they are loaded here.
        page.evaluate(EAGER)
        state = page.evaluate("""() => {
          const shown = sel => [...document.querySelectorAll(sel)].filter(e => getComputedStyle(e).display !== 'none').map(() => sel);
          const chrome = ['.bd-header', '.bd-sidebar-primary', '.bd-sidebar-secondary', '.bd-header-article',
                          '.ctdc-lang-switcher', '.prev-next-area', '.bd-footer', '#pst-back-to-top'].flatMap(shown);
          const figures = [...document.querySelectorAll('.ctdc-figure, .ctdc-table-figure')].map(f => ({
            id: f.id, breakInside: getComputedStyle(f).breakInside, height: f.getBoundingClientRect().height}));
          const charts = [...document.querySelectorAll('.ctdc-figure')].filter(f => f.querySelector('.ctdc-plot-spec'))
            .map(f => { const img = f.querySelector('.ctdc-figure__static img'), plot = f.querySelector('.ctdc-plot');
              return {id: f.id, interactive: !!plot.querySelector('.main-svg'), src: img.currentSrc,
                      picture: !!img.offsetParent && img.naturalWidth > 0 && img.getBoundingClientRect().height > 40,
                      plot: getComputedStyle(plot).display}; });
          return {chrome, figures, charts};
        }""")
        if state["chrome"]:
            problems.append(f"{name(path)}: printed with {state['chrome']}")
        for i, f in enumerate(state["figures"]):
            if f["breakInside"] != "avoid" or f["height"] > 1000:
                problems.append(f"{name(path)} figure {i}: {f}")
        for chart in state["charts"]:  # visit() made them interactive: paper still gets the wide picture
            if not (chart["interactive"] and chart["picture"] and chart["src"].endswith("-wide.svg")):
                problems.append(f"{name(path)} {chart['id']}: does not print its wide static chart: {chart}")
            if chart["plot"] != "none":
                problems.append(f"{name(path)} {chart['id']}: prints the interactive chart too: {chart}")
    page.emulate_media(media="screen")
    visit(page, SITE / lang / "notebooks" / "02_victims.html")
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
    assert not problems, "\n".join(problems)
