// Purge a stylesheet against pages: node purge.mjs < job.json > result.json
//
// job: {"css": "...", "pages": [{"id": "x", "html": "...", "scripts": ["/abs/script.js", ...]}],
//       "safelist": {"standard": ["re:..."], "deep": [...], "greedy": [...]}, "drop": ["re:..."]}
// result: {"site": "<the css every page together needs>", "pages": {"x": "<the css page x needs>"}}
//
// The scripts the pages load are content too: the class names they add at run time (bootstrap's
// states, the theme's sidebar and dialog) are words in their source. Selectors matching "drop"
// (the dark colour scheme the book does not offer) are removed after purging.
import { readFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";
import postcss from "postcss";
import purgeHtml from "purgecss-from-html";

const job = JSON.parse(readFileSync(0, "utf8"));
const asRegExp = (items) => (items || []).map((s) => (s.startsWith("re:") ? new RegExp(s.slice(3)) : s));
const safelist = {
  standard: asRegExp(job.safelist?.standard),
  deep: asRegExp(job.safelist?.deep),
  greedy: asRegExp(job.safelist?.greedy),
};
const drop = asRegExp(job.drop).filter((d) => d instanceof RegExp);
const sources = new Map();
const script = (file) => {
  if (!sources.has(file)) sources.set(file, { raw: readFileSync(file, "utf8"), extension: "js" });
  return sources.get(file);
};

// Without the dropped selectors, comments and indentation.
function finish(css) {
  const root = postcss.parse(css);
  root.walkComments((c) => c.remove());
  root.walkAtRules("charset", (at) => at.remove());
  root.walkRules((rule) => {
    if (rule.parent && rule.parent.type === "atrule" && /keyframes/.test(rule.parent.name)) return;
    const kept = rule.selectors.filter((s) => !drop.some((re) => re.test(s)));
    if (!kept.length) rule.remove();
    else if (kept.length !== rule.selectors.length) rule.selectors = kept;
  });
  root.walkAtRules((at) => {
    if (at.nodes && at.nodes.length === 0) at.remove();
  });
  root.walkDecls((d) => {
    d.raws.before = "";
    d.raws.between = ":";
  });
  root.walk((n) => {
    if (n.type === "rule" || n.type === "atrule") {
      n.raws.before = "";
      n.raws.after = "";
      n.raws.between = n.type === "rule" ? "" : n.raws.between?.trim() ? n.raws.between : " ";
      if (n.type === "rule") n.selector = n.selector.replace(/\s*\n\s*/g, "");
      n.raws.semicolon = false;
    }
  });
  return root.toString().trim();
}

async function purge(css, pages) {
  const scripts = [...new Set(pages.flatMap((p) => p.scripts))].map(script);
  const [result] = await new PurgeCSS().purge({
    content: [...pages.map((p) => ({ raw: p.html, extension: "html" })), ...scripts],
    css: [{ raw: css }],
    extractors: [{ extractor: purgeHtml, extensions: ["html"] }],
    safelist,
    fontFace: false, // the Arabic face is named through a custom property, which purgecss does not follow
    keyframes: true,
    variables: true,
  });
  return result.css;
}

const site = finish(await purge(job.css, job.pages));
const pages = {};
for (const page of job.pages) pages[page.id] = finish(await purge(site, [page]));
process.stdout.write(JSON.stringify({ site, pages }));
