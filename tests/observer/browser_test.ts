/**
 * The observer in a real browser: Debian's chromium, driven headless by
 * puppeteer-core (which downloads no browser). Where no chromium is
 * installed these tests are skipped, with one line saying so.
 *
 * `OBSERVER_SCREENSHOT=docs/observer.png` also writes the screenshot
 * there (the README's picture).
 *
 * @module
 */

import assert from "node:assert/strict";
import puppeteer, { type Page } from "puppeteer-core";
import { request } from "../../lib/http/client.ts";
import { type Served, serveWithObserver } from "./_observer.ts";

const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";
const installed = await Deno.stat(CHROMIUM).then(() => true, () => false);
if (!installed) {
  console.log(`observer browser tests skipped: no chromium at ${CHROMIUM}`);
}

/**
 * Starts chromium; a launch that times out (its DevTools line never came:
 * seen once, on a loaded machine) is tried once more.
 */
async function launch() {
  for (let attempt = 1;; attempt++) {
    try {
      return await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--window-size=1400,900"],
        defaultViewport: { width: 1400, height: 900 },
      });
    } catch (e) {
      if (attempt === 2 || (e as Error).name !== "TimeoutError") throw e;
    }
  }
}

async function withPage(f: (s: Served, page: Page) => Promise<void>) {
  const browser = await launch();
  let s: Served | undefined;
  try {
    s = await serveWithObserver();
    const page = await browser.newPage();
    await page.goto(s.url);
    await f(s, page);
  } finally {
    await browser.close();
    if (s !== undefined) assert.equal(await s.stop(), 0);
  }
}

/** Waits until `expression` holds in the page (it runs there, as text). */
async function until(page: Page, expression: string): Promise<void> {
  await page.waitForFunction(expression, { timeout: 10_000 });
}

/** Clicks a node of the tree, which each change redraws. */
async function clickNode(page: Page, selector: string): Promise<void> {
  await page.evaluate(
    `document.querySelector(${
      JSON.stringify(selector)
    }).dispatchEvent(new MouseEvent("click"))`,
  );
}

const attr = (page: Page, selector: string, name: string) =>
  page.$eval(selector, (e, n) => e.getAttribute(n as string), name);

Deno.test({
  name:
    "observer page: kill HttpServer with :kaboom, a new one appears under KickStarter, the timeline shows it, the app still answers",
  ignore: !installed,
  fn: () =>
    withPage(async (s, page) => {
      const server = 'g.node[data-name="http_server"]';
      await page.waitForSelector(server);
      const kick = await attr(
        page,
        'g.node[data-name="Servy.KickStarter"]',
        "data-pid",
      );
      const old = await attr(page, server, "data-pid");
      assert.equal(await attr(page, server, "data-parent"), kick);
      await clickNode(page, server);
      await until(
        page,
        `document.getElementById("detail-title").textContent.startsWith(${
          JSON.stringify(old)
        }) && document.getElementById("detail-info").textContent.includes("registered_name: :http_server")`,
      );
      await page.click('button[data-reason="kaboom"]');
      await until(
        page,
        `[...document.querySelectorAll('g.node[data-name="http_server"]')].some((n) => n.getAttribute("data-pid") !== ${
          JSON.stringify(old)
        } && n.getAttribute("data-parent") === ${JSON.stringify(kick)})`,
      );
      await until(
        page,
        `[...document.querySelectorAll("#timeline li")].some((li) => li.textContent.includes(${
          JSON.stringify(`${old} (http_server) exited: :kaboom`)
        }))`,
      );
      assert.match(
        await request(s.appPort, "GET /wildthings HTTP/1.1\r\nHost: x\r\n\r\n"),
        /Bears, Lions, Tigers$/,
      );
      await clickNode(page, 'g.node[data-name="Servy.Supervisor"]');
      await until(
        page,
        `document.getElementById("detail-state").textContent.includes("one_for_one")`,
      );
      const dir = await Deno.makeTempDir();
      const png = await page.screenshot({ path: `${dir}/observer.png` });
      assert.ok(png.length > 10_000);
      const readme = Deno.env.get("OBSERVER_SCREENSHOT");
      if (readme !== undefined) await Deno.writeFile(readme, png);
      await Deno.remove(dir, { recursive: true });
    }),
});

Deno.test({
  name: "observer page: a POST without the token is refused, and kills nothing",
  ignore: !installed,
  fn: () =>
    withPage(async (_s, page) => {
      const server = 'g.node[data-name="http_server"]';
      await page.waitForSelector(server);
      const pid = await attr(page, server, "data-pid");
      const status = await page.evaluate(async (pid) => {
        const res = await fetch("/api/exit", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ pid, reason: "kill" }),
        });
        return res.status;
      }, pid);
      assert.equal(status, 403);
      const res = await fetch(
        `http://127.0.0.1:${_s.observerPort}/api/snapshot`,
      );
      const list: { name: string | null; pid: string }[] = await res.json();
      assert.equal(list.find((p) => p.name === "http_server")?.pid, pid);
    }),
});
