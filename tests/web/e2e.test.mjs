// The web page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core), read
// as a person reads it: by role and label. The script indexes corpus/ into a temporary folder,
// starts `fihris serve` on a free loopback port, and takes the README's screenshots.
//
//   FIHRIS=target/debug/fihris node --test tests/web/
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const fihris = resolve(root, process.env.FIHRIS ?? "target/debug/fihris");
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const screenshots = join(root, "docs", "screenshots");
const KEY = "e2e-key-0123456789";

let tmp, server, base, browser, context;
const consoleErrors = [];

before(async () => {
  assert.ok(existsSync(fihris), `no fihris binary at ${fihris}: run cargo build first`);
  tmp = mkdtempSync(join(tmpdir(), "fihris-web-"));
  const index = join(tmp, "index");
  execFileSync(fihris, ["index", join(root, "corpus"), "--index", index, "--quiet"]);
  server = spawn(fihris, ["serve", "--index", index, "--listen", "127.0.0.1:0", "--api-key", KEY, "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  base = await new Promise((ok, fail) => {
    let seen = "";
    server.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/http:\/\/[0-9.:]+/);
      if (match) ok(match[0]);
    });
    server.on("exit", (code) => fail(new Error(`fihris serve exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run"],
  });
  // An Arabic-speaking journalist's browser (its Accept-Language picks the interface).
  context = await browser.newContext({ locale: "ar", viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A new page whose console errors and uncaught exceptions are recorded. */
async function open(path, ctx = context) {
  const page = await ctx.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  await page.goto(base + path);
  return page;
}

const summary = (page) => page.locator("#summary");
async function total(page) {
  const text = await summary(page).textContent();
  return Number(text.trim().split(/\s+/)[0]);
}
/** The facet checkboxes: `{ name, tag, count }` from their accessible names. */
async function facetBoxes(page) {
  const aside = page.getByRole("complementary");
  const boxes = await aside.locator("label.facet").all();
  const out = [];
  for (const label of boxes) {
    const tag = (await label.locator("bdi").textContent()).trim();
    const count = Number((await label.locator(".count").textContent()).replace(/[()]/g, ""));
    out.push({ tag, count });
  }
  return out;
}
const facet = (page, tag) => page.getByRole("checkbox", { name: new RegExp(`^${tag} \\(\\d+\\)$`) });
async function direction(page) {
  return page.evaluate(() => getComputedStyle(document.documentElement).direction);
}

test("a query typed with diacritics finds hits whose marks are the articles' own characters", async () => {
  const page = await open("/");
  assert.equal(await direction(page), "rtl");
  const box = page.getByRole("searchbox", { name: "ابحث في الأرشيف" });
  await box.fill("كَارَاباخ");
  await box.press("Enter");
  await page.waitForURL(/q=/);
  assert.ok((await total(page)) > 0);
  const hits = page.locator("li.hit");
  assert.ok((await hits.count()) > 0);
  const marks = await page.locator("li.hit mark").allTextContents();
  assert.ok(marks.length > 0, "highlights");
  const first = hits.first();
  const href = await first.getByRole("link").first().getAttribute("href");
  const id = decodeURIComponent(href.split("?")[0].slice("/articles/".length));
  const article = await (await fetch(`${base}/api/articles/${encodeURIComponent(id)}`)).json();
  const original = [article.title, ...article.paragraphs].join("\n");
  for (const mark of await first.locator("mark").allTextContents()) {
    assert.ok(original.includes(mark), `${mark} is in the article as written`);
  }
  await page.screenshot({ path: join(screenshots, "search.png"), fullPage: false });
  await page.close();
});

test("a misspelled query offers 'did you mean', and clicking it runs the suggestion", async () => {
  // كاراباح is one letter off كاراباخ, which the corpus writes in many articles.
  const page = await open("/?q=" + encodeURIComponent("كاراباح"));
  assert.equal(await total(page), 0);
  const offer = page.locator("#did-you-mean");
  assert.match(await offer.textContent(), /هل تقصد:/);
  const link = offer.getByRole("link", { name: "كاراباخ" });
  await link.click();
  await page.waitForURL((url) => new URL(url).searchParams.get("q") === "كاراباخ");
  assert.ok((await total(page)) > 0);
  assert.equal(await page.getByRole("searchbox", { name: "ابحث في الأرشيف" }).inputValue(), "كاراباخ");
  assert.equal(await page.locator("#did-you-mean").count(), 0, "a query that finds enough gets none");
  await page.close();
});

test("ticking a facet gives the total it showed; excluding removes those articles", async () => {
  const page = await open("/?q=" + encodeURIComponent("الرئيس"));
  const everything = await total(page);
  const [first] = await facetBoxes(page);
  await facet(page, first.tag).check();
  await page.waitForURL(/tag=/);
  await assert.doesNotReject(summary(page).waitFor());
  assert.equal(await total(page), first.count);
  assert.ok(await facet(page, first.tag).isChecked());
  await facet(page, first.tag).uncheck();
  await page.waitForURL((url) => !url.search.includes("tag="));
  await page.getByRole("checkbox", { name: `استبعاد ${first.tag}` }).check();
  await page.waitForURL(/not_tag=/);
  assert.equal(await total(page), everything - first.count);
  const shownTags = (await page.locator("li.hit ul.tags li").allTextContents()).map((t) => t.trim());
  assert.ok(shownTags.length > 0 && !shownTags.includes(first.tag));
  await page.close();
});

test("with any-of, the other tags keep their counts when one is ticked", async () => {
  const page = await open("/");
  const before = await facetBoxes(page);
  await page.getByRole("radio", { name: "أي منها" }).check();
  await facet(page, before[0].tag).check();
  await page.waitForURL(/mode=any/);
  await page.waitForURL(/tag=/);
  const after = await facetBoxes(page);
  for (const { tag, count } of before.slice(0, 5)) {
    const now = after.find((f) => f.tag === tag);
    assert.ok(now && now.count === count && now.count > 0, `${tag} kept ${count}`);
  }
  await facet(page, before[1].tag).check();
  await page.waitForFunction((n) => document.querySelectorAll("input[name=tag]:checked").length === n, 2);
  const union = await (await fetch(`${base}/api/search?any_tag=${encodeURIComponent(before[0].tag)}&any_tag=${encodeURIComponent(before[1].tag)}`)).json();
  await page.waitForFunction((n) => document.querySelector("#summary").textContent.trim().startsWith(String(n)), union.total);
  assert.equal(await total(page), union.total);
  await page.close();
});

test("as-you-type tag search is normalized and adds the tag", async () => {
  const page = await open("/");
  await page.getByRole("searchbox", { name: "ابحث عن وسم" }).pressSequentially("ارم");
  const suggestion = page.locator("#tag-suggestions button", { hasText: "أرمينيا" }).first();
  await suggestion.waitFor();
  await suggestion.click();
  await page.waitForURL(/tag=/);
  assert.ok(await facet(page, "أرمينيا").isChecked());
  const count = (await facetBoxes(page)).find((f) => f.tag === "أرمينيا").count;
  assert.equal(await total(page), count);
  await page.close();
});

test("paging moves through the results and the back button returns", async () => {
  const page = await open("/");
  const firstTitle = await page.locator("li.hit h3").first().textContent();
  const pager = page.getByRole("navigation", { name: "الصفحات" });
  await pager.getByRole("link", { name: "التالية" }).click();
  await page.waitForURL(/page=2/);
  assert.equal(await page.locator("ol.hits").getAttribute("start"), "11");
  assert.notEqual(await page.locator("li.hit h3").first().textContent(), firstTitle);
  await page.goBack();
  await page.waitForURL((url) => !url.search.includes("page=2"));
  await page.waitForFunction((t) => document.querySelector("li.hit h3").textContent === t, firstTitle);
  await page.goForward();
  await page.waitForURL(/page=2/);
  await page.close();
});

test("an article opened from a search shows its paragraphs with the query's words marked", async () => {
  const page = await open("/?q=" + encodeURIComponent("الروسية"));
  await page.locator("li.hit h3 a").first().click();
  await page.waitForURL(/\/articles\//);
  assert.equal(await direction(page), "rtl");
  const heading = page.getByRole("heading", { level: 1 });
  assert.ok((await heading.textContent()).length > 0);
  const marks = await page.locator("article mark").allTextContents();
  assert.ok(marks.length > 0);
  const id = decodeURIComponent(new URL(page.url()).pathname.slice("/articles/".length));
  const article = await (await fetch(`${base}/api/articles/${encodeURIComponent(id)}`)).json();
  assert.equal(await page.locator("article > p").count(), article.paragraphs.length);
  const original = [article.title, ...article.paragraphs].join("\n");
  for (const mark of marks) assert.ok(original.includes(mark), mark);
  await page.screenshot({ path: join(screenshots, "article.png"), fullPage: false });
  await page.getByRole("link", { name: "العودة إلى النتائج" }).click();
  await page.waitForURL(/\/\?q=/);
  await page.close();
});

test("the pages work with JavaScript off", async () => {
  const noJs = await browser.newContext({ locale: "ar", javaScriptEnabled: false, acceptDownloads: true });
  const page = await open("/", noJs);
  const box = page.getByRole("searchbox", { name: "ابحث في الأرشيف" });
  await box.fill("النفط");
  await Promise.all([page.waitForURL(/q=/), box.press("Enter")]);
  const [first] = await facetBoxes(page);
  await facet(page, first.tag).check();
  await Promise.all([page.waitForURL(/tag=/), page.getByRole("button", { name: "تطبيق" }).click()]);
  assert.equal(await total(page), first.count);
  await Promise.all([page.waitForURL(/\/articles\//), page.locator("li.hit h3 a").first().click()]);
  assert.ok((await page.locator("article mark").count()) > 0);
  await page.goto(base + "/tags");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "تنزيل ملف الأسماء البديلة" }).click(),
  ]);
  assert.ok(readFileSync(await download.path(), "utf8").includes("\t"));
  await noJs.close();
});

test("accepting a cluster in the tag review gives its alias file, and saving merges the facets", async () => {
  const page = await open("/tags");
  assert.equal(await direction(page), "rtl");
  const clusters = page.locator("fieldset.cluster");
  const count = await clusters.count();
  assert.ok(count > 0);
  // As a reviewer first sees it: the suggestions preselected.
  await page.screenshot({ path: join(screenshots, "tags.png"), fullPage: false });
  // Only the ترامب / ترمب cluster accepted, with ترمب picked as the canonical form.
  let chosen = null;
  for (let i = 0; i < count; i++) {
    const cluster = clusters.nth(i);
    const tags = await cluster.locator("bdi").allTextContents();
    if (tags.includes("ترمب") && tags.includes("ترامب") && chosen === null) {
      chosen = cluster;
      await cluster.getByRole("radio", { name: "قبول" }).check();
      await cluster.getByRole("radio", { name: "ترمب" }).check();
    } else {
      await cluster.getByRole("radio", { name: "رفض" }).check();
    }
  }
  assert.ok(chosen, "the spelling cluster ترامب / ترمب is listed");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "تنزيل ملف الأسماء البديلة" }).click(),
  ]);
  const text = readFileSync(await download.path(), "utf8");
  const live = text.split("\n").filter((l) => l && !l.startsWith("#"));
  assert.deepEqual(live, ["ترامب\tترمب"]);

  const before = await (await fetch(`${base}/api/tags?prefix=${encodeURIComponent("تر")}`)).json();
  const sum = before.tags.filter((t) => t.tag === "ترمب" || t.tag === "ترامب").reduce((n, t) => n + t.count, 0);
  await page.getByLabel("مفتاح الكتابة (API key)").fill(KEY);
  await page.getByRole("button", { name: "حفظ في الفهرس" }).click();
  await page.getByRole("status").waitFor();
  await page.getByRole("link", { name: "شاهد الوسوم بعد الدمج" }).click();
  await page.waitForURL(base + "/");
  const merged = await facetBoxes(page);
  assert.equal(merged.find((f) => f.tag === "ترمب")?.count, sum);
  assert.ok(!merged.some((f) => f.tag === "ترامب"));
  await page.close();
});

test("English is one parameter away and reads left to right", async () => {
  const page = await open("/?lang=en");
  assert.equal(await direction(page), "ltr");
  await page.getByRole("searchbox", { name: "Search the archive" }).fill("النفط");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForURL(/lang=en/);
  assert.ok((await total(page)) > 0);
  await page.close();
});

test("no page logged a console error", () => {
  assert.deepEqual(consoleErrors, []);
});
