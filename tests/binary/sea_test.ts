import assert from "node:assert/strict";
import { request } from "../../lib/http/client.ts";
import { freePort, undated } from "../_support.ts";
import { denoRun, run, serve, type Servy } from "./_binary.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** `npm run build:binary`, then the binary copied into an empty directory. */
async function buildSea(): Promise<Servy> {
  const build = await new Deno.Command("node", {
    args: ["scripts/build_binary.mjs"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (build.code !== 0) {
    throw new Error(new TextDecoder().decode(build.stderr));
  }
  const dir = await Deno.makeTempDir({ prefix: "servy-sea-" });
  await Deno.copyFile(`${ROOT}dist/servy-node`, `${dir}/servy`);
  await Deno.chmod(`${dir}/servy`, 0o755);
  return { program: `${dir}/servy`, prefix: [], cwd: dir };
}

const sea = await buildSea();
const deno: Servy = denoRun();

Deno.test("sea: the binary runs alone from an empty directory: --version", async () => {
  const { code, out } = await run(sea, ["--version"]);
  assert.equal(code, 0);
  assert.equal(out, "servy 0.1.0\n");
});

for (const scenario of ["linked", "restart"]) {
  Deno.test(`sea: servy run ${scenario} exits 0 with every fact holding`, async () => {
    const { code, out, err } = await run(sea, [
      "run",
      scenario,
      "--port",
      String(freePort()),
    ]);
    assert.equal(code, 0, out + err);
    assert.match(out, /All \d+ facts hold\.\n$/);
    assert.doesNotMatch(out, /✘/);
  });
}

/** Every route, GET and POST, in one order, as raw requests. */
const REQUESTS = [
  ...[
    "/wildthings",
    "/wildlife",
    "/bears",
    "/bears/1",
    "/bears?id=2",
    "/bears/99",
    "/bears/new",
    "/api/bears",
    "/about",
    "/pages/faq",
    "/pages/nope",
    "/pledges",
    "/pledges/new",
    "/bigfoot",
    "/404s",
    "/sensors",
    "/kaboom",
    "/hibernate/10",
  ].map((path) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`),
  post("/bears", "name=Baloo&type=Brown"),
  post("/api/bears", "name=Breezly&type=Polar"),
  post("/pledges", "name=larry&amount=10"),
  "DELETE /bears/1 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GARBAGE\r\n\r\n",
];

function post(path: string, form: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}`;
}

/** The responses of one build, with what varies per run made equal. */
async function responses(servy: Servy): Promise<string[]> {
  const port = freePort();
  const server = await serve(servy, port);
  const out: string[] = [];
  try {
    for (const req of REQUESTS) {
      const text = await request(port, req);
      // Snapshot numbers are random, and with them the body's length.
      out.push(
        /snapshot-\d+\.jpg/.test(text)
          ? undated(text).replace(/snapshot-\d+\.jpg/g, "snapshot-N.jpg")
            .replace(/Content-Length: \d+/, "Content-Length: N")
          : undated(text),
      );
    }
  } finally {
    const stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.err);
    assert.match(stopped.out, /SIGTERM: no new connections[^]*Bye!\n$/);
  }
  return out;
}

Deno.test("sea: servy serve answers every route with the same bytes as the Deno build, and stops on SIGTERM", async () => {
  const [fromSea, fromDeno] = [await responses(sea), await responses(deno)];
  assert.equal(fromSea.length, REQUESTS.length);
  for (const [i, req] of REQUESTS.entries()) {
    assert.equal(fromSea[i], fromDeno[i], req.split("\r\n")[0]);
  }
  assert.match(fromSea[0], /\r\n\r\nBears, Lions, Tigers$/);
  assert.match(
    fromSea[7],
    /^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\n/,
  );
  assert.match(fromSea[8], /<h1>Clark's Wildthings Refuge<\/h1>/);
  assert.match(fromSea[9], /<h1>Frequently Asked Questions<\/h1>/);
});
