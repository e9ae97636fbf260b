// Drives Debian's chromium (through playwright-core) against a playbook served
// on 127.0.0.1. Called by tests/browser.rs with a JSON file of expectations:
//
//   { "base": "http://127.0.0.1:PORT/", "shots": "DIR", "profile": "DIR",
//     "search": { "query": "word", "title": "Goal title" },
//     "raci": [{ "activity": "lead-scoring", "team": "marketing", "letter": "A" }],
//     "team_page": "teams/sales.html",
//     "chart": { "page": "goals.html", "anchor": "goal-x", "points": 2 } | null,
//     "team_changes": 1,          // at least this many commits under "What changed"
//     "week": ["Monthly meeting"], // names the typical week must show
//     "where_links": ["https://…"], // addresses in "where" that must be links
//     "changes": { "present": ["subject"], "absent": ["subject"] } | absent
//   }
//
// Every page is crawled at 1280 px, then loaded again at 390 px (a phone):
// no page may scroll sideways, and the section menu must reach every section.
//
// Prints one line per problem and exits 1 when there is any.
"use strict";

const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const MAX_PAGES = 400;

async function main() {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const base = new URL(spec.base);
  const problems = [];
  const fail = (msg) => { problems.push(msg); console.log("FAIL " + msg); };
  // The browser profile goes where the test says (under the cargo target dir).
  fs.mkdirSync(spec.profile, { recursive: true });
  const profile = fs.mkdtempSync(path.join(spec.profile, "chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    // Any request that leaves the site is a failure (and is not sent).
    await context.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (u.origin !== base.origin) {
        fail(`external request from the site: ${u.href}`);
        return route.abort();
      }
      return route.continue();
    });
    const page = context.pages()[0] || (await context.newPage());
    let current = "";
    page.on("console", (m) => { if (m.type() === "error") fail(`console error on ${current}: ${m.text()}`); });
    page.on("pageerror", (e) => fail(`script error on ${current}: ${e.message}`));
    page.on("requestfailed", (r) => {
      const why = r.failure() && r.failure().errorText;
      // The live-reload poll `accordant serve` adds is cut short when the page navigates away.
      if (new URL(r.url()).pathname === "/__accordant/version" && why === "net::ERR_ABORTED") return;
      fail(`failed request on ${current}: ${r.url()} (${why})`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && !r.url().includes("__missing__")) fail(`HTTP ${r.status()} on ${current}: ${r.url()}`);
    });

    // 1. Crawl every internal page from the home page; check every link and anchor.
    const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    const seen = new Set();
    const queue = [new URL("index.html", base).href];
    const anchors = new Map(); // page -> Set of ids
    const wanted = []; // [from, url]
    let axeRuns = 0;
    while (queue.length && seen.size < MAX_PAGES) {
      const url = queue.shift();
      if (seen.has(url)) continue;
      seen.add(url);
      current = url;
      const resp = await page.goto(url, { waitUntil: "load" });
      if (!resp || resp.status() !== 200) { fail(`${url} answered ${resp && resp.status()}`); continue; }
      const info = await page.evaluate(() => ({
        ids: Array.from(document.querySelectorAll("[id]"), (e) => e.id),
        links: Array.from(document.querySelectorAll("a[href]"), (a) => a.href),
        title: document.title,
        h1: (document.querySelector("h1") || {}).textContent || "",
      }));
      if (!info.h1.trim()) fail(`${url} has no h1`);
      anchors.set(url.split("#")[0], new Set(info.ids));
      for (const href of info.links) {
        const u = new URL(href);
        if (u.origin !== base.origin) continue;
        wanted.push([url, href]);
        const bare = u.href.split("#")[0];
        if (bare.endsWith(".html") && !seen.has(bare)) queue.push(bare);
      }
      // axe-core on every page: no serious or critical violation.
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }));
      axeRuns++;
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ");
          fail(`axe ${v.impact} ${v.id} on ${url}: ${v.help} at ${where}`);
        }
      }
    }
    console.log(`crawled ${seen.size} pages, ran axe on ${axeRuns}, checked ${wanted.length} internal links`);
    // Links to non-HTML files (feeds, assets) must answer 200; anchors must exist.
    const checkedFiles = new Set();
    for (const [from, href] of wanted) {
      const [bare, frag] = href.split("#");
      if (bare.endsWith(".html")) {
        const ids = anchors.get(bare);
        if (!ids) { if (!seen.has(bare)) fail(`broken link on ${from}: ${href}`); continue; }
        if (frag && !ids.has(decodeURIComponent(frag))) fail(`broken anchor on ${from}: ${href}`);
      } else if (!checkedFiles.has(bare)) {
        checkedFiles.add(bare);
        const r = await context.request.get(bare);
        if (r.status() !== 200) fail(`broken link on ${from}: ${href} answered ${r.status()}`);
      }
    }

    // 1b. On a phone (390 px) no page scrolls sideways, and the section menu
    // says where you are and reaches every section.
    const pages = Array.from(seen).filter((u) => u.endsWith(".html") && !u.includes("__missing__"));
    await page.setViewportSize({ width: 390, height: 844 });
    let widest = 0;
    for (const url of pages) {
      current = `${url} (390 px)`;
      await page.goto(url, { waitUntil: "load" });
      const o = await page.evaluate(() => {
        const vw = window.innerWidth;
        const sw = document.documentElement.scrollWidth;
        // The element reaching furthest right (for the message).
        let culprit = "";
        if (sw > vw) {
          let far = vw;
          for (const e of document.querySelectorAll("body *")) {
            const r = e.getBoundingClientRect();
            if (r.right > far + 0.5) { far = r.right; culprit = `${e.tagName.toLowerCase()}.${e.className} (${Math.round(r.right)} px)`; }
          }
        }
        return { vw, sw, culprit };
      });
      widest = Math.max(widest, o.sw);
      if (o.sw > o.vw) fail(`${url} scrolls sideways at 390 px: ${o.sw} px wide (${o.culprit})`);
    }
    console.log(`checked ${pages.length} pages at 390 px: widest ${widest} px`);
    current = "phone menu";
    await page.goto(new URL("goals.html", base).href);
    const menu = await page.evaluate(() => {
      const tabs = document.querySelector("nav.nav");
      const d = document.querySelector("details.menu");
      if (!d) return { error: "no details.menu" };
      const summary = d.querySelector("summary");
      return {
        tabsShown: !!tabs && getComputedStyle(tabs).display !== "none",
        shown: getComputedStyle(d).display !== "none",
        here: summary.innerText.trim(),
        count: document.querySelectorAll("nav.nav a").length,
      };
    });
    if (menu.error) fail(menu.error);
    else {
      if (menu.tabsShown || !menu.shown) fail(`at 390 px the tabs should give way to the menu: tabs ${menu.tabsShown}, menu ${menu.shown}`);
      if (!/Goals/.test(menu.here)) fail(`the phone menu does not say where you are: "${menu.here}"`);
      await page.click("details.menu summary");
      const links = await page.evaluate(() => Array.from(document.querySelectorAll("details.menu a"), (a) => {
        const r = a.getBoundingClientRect();
        return { text: a.innerText.trim(), href: a.getAttribute("href"), current: a.getAttribute("aria-current"), visible: r.width > 0 && r.height > 0, right: r.right };
      }));
      const vw = 390;
      if (links.length !== menu.count) fail(`the phone menu has ${links.length} sections, the tabs ${menu.count}`);
      for (const l of links) if (!l.visible || l.right > vw) fail(`phone menu entry "${l.text}" is not fully on screen (right ${l.right})`);
      if (!links.some((l) => l.current === "page" && /Goals/.test(l.text))) fail("the open phone menu does not mark the current section");
      // The menu leads somewhere: the last section is one tap away.
      const lastHref = links.length ? links[links.length - 1].href : null;
      if (lastHref) {
        await page.click(`details.menu a[href="${lastHref}"]`);
        await page.waitForLoadState("load");
        if (!page.url().endsWith(lastHref.replace(/^(\.\.\/)+/, ""))) fail(`the phone menu's last entry led to ${page.url()}`);
      }
      console.log(`phone menu: "${menu.here}", ${links.length} sections`);
    }
    // Keyboard: the summary is focusable and opens with Enter.
    await page.goto(new URL("raci.html", base).href);
    await page.focus("details.menu summary");
    await page.keyboard.press("Enter");
    if (!(await page.evaluate(() => document.querySelector("details.menu").open))) fail("the phone menu does not open from the keyboard");
    // axe on the phone layout, with the menu open.
    await page.addScriptTag({ content: axeSource });
    const phoneAxe = await page.evaluate(async () => await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }));
    for (const v of phoneAxe.violations) {
      if (v.impact === "serious" || v.impact === "critical") fail(`axe (390 px, menu open) ${v.id}: ${v.help} at ${v.nodes[0].target.join(" ")}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // 1c. Words a browser shows: no raw Markdown backticks on Health and RACI,
    // an asterisk status explained in visible text, a bar below the baseline
    // explained, the chart of a goal's check-ins, the team's changes, monthly
    // meetings in the typical week, addresses in "where" as links.
    for (const p of ["health.html", "raci.html"]) {
      current = p;
      await page.goto(new URL(p, base).href);
      const info = await page.evaluate(() => ({
        text: document.querySelector("main").innerText,
        codes: document.querySelectorAll("main .finding code, main .findings-inline code").length,
      }));
      const ticks = info.text.split("\n").filter((l) => l.includes("`"));
      if (ticks.length) fail(`raw backticks on ${p}: ${ticks.slice(0, 2).join(" | ")}`);
      else console.log(`${p}: no raw backticks, ${info.codes} code spans in findings`);
    }
    current = "goals";
    await page.goto(new URL("goals.html", base).href);
    const goals = await page.evaluate(() => Array.from(document.querySelectorAll("article.goal"), (a) => {
      const visible = (sel) => Array.from(a.querySelectorAll(sel)).filter((e) => e.offsetParent !== null).map((e) => e.innerText);
      return {
        id: a.id,
        star: !!a.querySelector(".status sup"),
        notes: visible("p.note"),
        below: !!a.querySelector(":scope > .progress.below"),
        belowNotes: visible("p.note.below"),
        chart: a.querySelectorAll("figure.history svg circle.dot").length,
      };
    }));
    let stars = 0;
    for (const g of goals) {
      if (g.star) {
        stars++;
        if (!g.notes.some((n) => n.startsWith("*"))) fail(`goal ${g.id} has an asterisk status without a visible explanation`);
      }
      if (g.below && !g.belowNotes.length) fail(`goal ${g.id} is below its baseline without saying so`);
    }
    console.log(`goals: ${goals.length} cards, ${stars} estimated statuses explained, ${goals.filter((g) => g.below).length} below the baseline explained`);
    if (spec.chart) {
      await page.goto(new URL(spec.chart.page, base).href);
      const dots = await page.locator(`[id="${spec.chart.anchor}"] figure.history svg circle.dot`).count();
      const line = await page.locator(`[id="${spec.chart.anchor}"] figure.history svg polyline.line`).count();
      if (line !== 1 || dots < spec.chart.points) fail(`chart of ${spec.chart.anchor}: ${line} line, ${dots} points (want ${spec.chart.points})`);
      else console.log(`chart of ${spec.chart.anchor}: ${dots} points`);
    }
    if (spec.team_changes) {
      current = spec.team_page;
      await page.goto(new URL(spec.team_page, base).href);
      const n = await page.locator("#changes ~ ol.changes > li").count();
      if (n < spec.team_changes) fail(`${spec.team_page} lists ${n} changes under "What changed" (want ${spec.team_changes})`);
      else console.log(`${spec.team_page}: ${n} changes for the team`);
    }
    if (spec.changes) {
      current = "changes";
      await page.goto(new URL("changes.html", base).href);
      const text = await page.evaluate(() => document.querySelector("main").innerText);
      for (const t of spec.changes.present) if (!text.includes(t)) fail(`"Recently changed" misses the commit "${t}"`);
      for (const t of spec.changes.absent) if (text.includes(t)) fail(`"Recently changed" lists "${t}", which touched no agreement file`);
    }
    current = "calendar";
    await page.goto(new URL("calendar.html", base).href);
    const week = await page.evaluate(() => (document.querySelector(".week") || {}).innerText || "");
    for (const name of spec.week || []) if (!week.includes(name)) fail(`the typical week does not show "${name}"`);
    for (const href of spec.where_links || []) {
      const a = page.locator(`.facts a[href="${href}"]`);
      if ((await a.count()) < 1) fail(`"${href}" in "where" is not a link`);
      else if ((await a.first().getAttribute("rel")) !== "noopener") fail(`the link to "${href}" lacks rel="noopener"`);
    }

    // 2. Search finds a goal by a word of its title, and the result leads to it.
    current = "search";
    await page.goto(new URL("index.html", base).href);
    await page.fill("#search-input", spec.search.query);
    const hit = page.locator("#search-results a", { hasText: spec.search.title }).first();
    try {
      await hit.waitFor({ timeout: 5000 });
      await hit.click();
      await page.waitForLoadState("load");
      const hash = new URL(page.url()).hash.slice(1);
      const found = hash && (await page.locator(`[id="${hash}"]`).count()) === 1;
      if (!found) fail(`search result for "${spec.search.query}" led to ${page.url()} without its anchor`);
      else console.log(`search "${spec.search.query}" found "${spec.search.title}" -> ${page.url()}`);
    } catch (e) {
      fail(`search "${spec.search.query}" did not offer "${spec.search.title}"`);
    }

    // 3. The RACI matrix shows the right letter in the right cell.
    current = "raci";
    await page.goto(new URL("raci.html", base).href);
    for (const c of spec.raci) {
      const cell = page.locator(`td[data-activity="${c.activity}"][data-team="${c.team}"] .letter`);
      const letters = await cell.allTextContents();
      if (!letters.includes(c.letter)) fail(`RACI ${c.activity} x ${c.team}: expected ${c.letter}, saw [${letters.join(", ")}]`);
      else console.log(`RACI ${c.activity} x ${c.team} = ${letters.join(" ")}`);
    }

    // 4. Dark mode follows the system.
    current = "dark mode";
    await page.emulateMedia({ colorScheme: "light" });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lum = (c) => { const [r, g, b] = c.match(/\d+/g).map(Number); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    if (light === dark || !(lum(dark) < lum(light))) fail(`dark mode: background ${light} (light) vs ${dark} (dark)`);
    else console.log(`dark mode: ${light} -> ${dark}`);

    // axe again in dark mode on the busiest pages (contrast differs).
    for (const p of ["index.html", "raci.html", spec.team_page]) {
      current = `${p} (dark)`;
      await page.goto(new URL(p, base).href);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () => await axe.run(document, { runOnly: { type: "tag", values: ["wcag2aa"] } }));
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") fail(`axe (dark) ${v.id} on ${p}: ${v.help} at ${v.nodes[0].target.join(" ")}`);
      }
    }

    // 5. The 404 page is served for a missing page.
    current = "404";
    const missing = await context.request.get(new URL("__missing__.html", base).href);
    if (missing.status() !== 404 || !(await missing.text()).includes("Page not found")) fail(`missing page answered ${missing.status()}`);

    // 6. Screenshots: desktop (light, full page), the home page dark, and
    // phones (390 px, full page).
    fs.mkdirSync(spec.shots, { recursive: true });
    const shots = [["home", "index.html"], ["goals", "goals.html"], ["raci", "raci.html"], ["team", spec.team_page], ["calendar", "calendar.html"], ["health", "health.html"]];
    await page.emulateMedia({ colorScheme: "light" });
    for (const [name, p] of shots) {
      current = `screenshot ${name}`;
      await page.goto(new URL(p, base).href);
      await page.screenshot({ path: path.join(spec.shots, `${name}.png`), fullPage: true });
    }
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(new URL("index.html", base).href);
    await page.screenshot({ path: path.join(spec.shots, "home-dark.png"), fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: "light" });
    for (const [name, p] of shots) {
      current = `screenshot ${name} (phone)`;
      await page.goto(new URL(p, base).href);
      await page.screenshot({ path: path.join(spec.shots, `${name}-phone.png`), fullPage: true });
    }
    await page.goto(new URL("goals.html", base).href);
    await page.click("details.menu summary");
    await page.screenshot({ path: path.join(spec.shots, "menu-phone.png"), fullPage: false });
    console.log(`screenshots in ${spec.shots}`);

    // 7. The "what will I earn" calculator (issue 11): see checkCalculator below.
    await page.setViewportSize({ width: 1280, height: 900 });
    current = "calculator";
    await checkCalculator(page, base, spec, fail);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(problems.length ? `${problems.length} problems` : "browser checks passed");
  process.exit(problems.length ? 1 : 0);
}

// ---- Incentive calculator (issue 11) -------------------------------------------
// Drives each incentive's "what will I earn" form with the attainments of every
// case in spec.calculator and compares the numbers it shows with what
// `accordant simulate --format json` computed for the same plan (tests/browser.rs
// runs simulate and puts its numbers in the spec).
async function checkCalculator(page, base, spec, fail) {
  await page.goto(new URL("incentives.html", base).href);
  for (const c of spec.calculator || []) {
    const form = page.locator(`#${c.anchor} form.calc`);
    if (!(await form.isVisible())) { fail(`calculator of ${c.anchor} is not shown`); continue; }
    for (const [id, value] of Object.entries(c.inputs)) {
      await form.locator(`input[data-part="${id}"]`).fill(value);
    }
    if (c.payee !== null) await form.locator("select[data-payee]").selectOption(String(c.payee));
    const total = form.locator('output[data-out="total"]');
    const got = { amount: await total.getAttribute("data-amount"), pct: await total.getAttribute("data-pct"), parts: {} };
    for (const id of Object.keys(c.parts)) {
      got.parts[id] = await form.locator(`output[data-out="${id}"]`).getAttribute("data-amount");
    }
    const want = { amount: c.total, pct: c.pct, parts: c.parts };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      fail(`calculator ${c.anchor} ${JSON.stringify(c.inputs)}: showed ${JSON.stringify(got)}, simulate says ${JSON.stringify(want)}`);
    } else {
      console.log(`calculator ${c.anchor} ${JSON.stringify(c.inputs)} = ${c.total} (${c.pct}%), as simulate`);
    }
    // The slider moves the number and the payout with it.
    const slider = form.locator(`input[data-range="${Object.keys(c.inputs)[0]}"]`);
    await slider.evaluate((el) => { el.value = "150"; el.dispatchEvent(new Event("input", { bubbles: true })); });
    const moved = await form.locator(`input[data-part="${Object.keys(c.inputs)[0]}"]`).inputValue();
    if (moved !== "150") fail(`calculator ${c.anchor}: the slider did not move the number (${moved})`);
  }
}
// ---- end of the incentive calculator -------------------------------------------

main().catch((e) => { console.error(e); process.exit(2); });
