// Drives Debian's chromium (through playwright-core) against a playbook served
// on 127.0.0.1. Called by tests/browser.rs with a JSON file of expectations:
//
//   { "base": "http://127.0.0.1:PORT/", "shots": "DIR",
//     "search": { "query": "word", "title": "Goal title" },
//     "raci": [{ "activity": "lead-scoring", "team": "marketing", "letter": "A" }],
//     "team_page": "teams/sales.html" }
//
// Prints one line per problem and exits 1 when there is any.
"use strict";

const fs = require("fs");
const os = require("os");
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
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "accordant-chromium-"));
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

    // 6. Screenshots: light desktop, dark desktop, phone.
    fs.mkdirSync(spec.shots, { recursive: true });
    const shots = [["home", "index.html"], ["raci", "raci.html"], ["team", spec.team_page]];
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
    await page.goto(new URL("raci.html", base).href);
    await page.screenshot({ path: path.join(spec.shots, "raci-phone.png"), fullPage: false });
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
