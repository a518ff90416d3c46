import assert from "node:assert/strict";
import { main } from "../../lib/cli/mod.ts";
import { request } from "../../lib/http/client.ts";
import { listen } from "../../lib/net/tcp_listener.ts";
import type { ProcessJson } from "../../lib/observer/mod.ts";
import { freePort } from "../_support.ts";
import { capture, servyOutput, typedInput } from "./_cli.ts";

/** The restart scenario's steps: 12 prompts, and a pause after the verdict. */
const STEPS = 12;

/** `servy run <name> --observer 0` on a free port, with stdin typed into. */
function runPaced(name: string, flags: string[] = [], isTerminal = true) {
  const input = typedInput(isTerminal);
  const p = Object.assign(capture(), { stdin: input });
  const port = freePort();
  const exit = main(
    ["run", name, "--port", String(port), "--observer", "0", ...flags],
    p,
  );
  return { p, input, port, exit };
}

function prompts(out: string): number {
  return out.match(/^servy\(\d+\)> /gm)?.length ?? 0;
}

function observerPort(out: string): number {
  const m = /^Observer: http:\/\/127\.0\.0\.1:(\d+)\/#token=\w+$/m.exec(out);
  assert.ok(m, out);
  return Number(m[1]);
}

async function snapshot(port: number): Promise<ProcessJson[]> {
  const text = await request(
    port,
    `GET /api/snapshot HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  );
  assert.match(text, /^HTTP\/1\.1 200 /, text);
  return JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4));
}

/** The pid a prompt's result printed, as `#PID<0.n.0>`. */
function resultPid(out: string, prompt: RegExp): string {
  const at = out.search(prompt);
  assert.ok(at >= 0, out);
  const pid = /#PID<0\.\d+\.0>/.exec(out.slice(at + 1).split(/^servy\(/m)[0]);
  assert.ok(pid, out);
  return pid[0];
}

Deno.test("servy run restart --observer: each step waits for Enter, the observer's address before the first", async () => {
  const { p, input, exit } = runPaced("restart");
  for (let k = 1; k <= STEPS + 1; k++) {
    await input.asked(k);
    // Paused before step k: steps 1..k-1 printed, step k not yet.
    assert.equal(prompts(p.out), k - 1, `pause ${k}:\n${p.out}`);
    assert.match(p.out, /⏸ {2}Enter: (next step|close the observer)\n$/);
    input.type("");
  }
  assert.equal(await exit, 0, p.out + p.err);
  assert.equal(input.count, STEPS + 1);
  assert.equal(prompts(p.out), STEPS);
  assert.match(
    p.out,
    /^# servy run restart: .*\nObserver: http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{32}\nEach step waits for Enter; Ctrl-C stops\.\n\n⏸ {2}Enter: next step\nservy\(1\)> /,
  );
  // The verdict comes before the last pause, the observer still open.
  assert.match(p.out, /All 11 facts hold\.\n⏸ {2}Enter: close the observer\n$/);
  assert.ok(input.closed, "stdin is closed once the run is over");
});

Deno.test("servy run restart --observer: while paused before Process.exit the observer shows the HttpServer, after it the restarted one", async () => {
  const { p, input, exit } = runPaced("restart");
  // Steps 1-3 (start, whereis, probe), then paused before step 4.
  for (let k = 1; k <= 3; k++) {
    await input.asked(k);
    input.type("");
  }
  await input.asked(4);
  assert.match(
    p.out,
    /\nHTTP\/1\.1 200 OK\n\n# kill the HttpServer with :kaboom/,
  );
  assert.doesNotMatch(p.out, /servy\(4\)>/);
  const port = observerPort(p.out);
  const kick = resultPid(p.out, /^servy\(1\)> /m);
  const first = resultPid(p.out, /^servy\(2\)> /m);
  const before = await snapshot(port);
  const server = before.find((x) => x.name === "http_server");
  assert.equal(server?.pid, first, JSON.stringify(before));
  assert.equal(server.parent, kick);
  assert.ok(server.links.includes(kick));

  input.type(""); // servy(4)> Process.exit(serverPid, "kaboom")
  await input.asked(5);
  assert.match(
    p.out,
    /servy\(4\)> Process\.exit\(serverPid, "kaboom"\)\ntrue\n/,
  );
  assert.match(p.out, /HttpServer exited \(:kaboom\)\n/);
  const after = await snapshot(port);
  assert.ok(!after.some((x) => x.pid === first), "the old server is dead");
  const restarted = after.find((x) => x.name === "http_server");
  assert.ok(restarted !== undefined && restarted.pid !== first);
  assert.equal(restarted.parent, kick);
  assert.ok(after.some((x) => x.pid === kick), "KickStarter lives");

  input.end(); // the rest runs through
  assert.equal(await exit, 0, p.out + p.err);
  assert.equal(
    p.out.split("Standard input is closed: the steps run without pauses.")
      .length,
    2,
    "said once",
  );
  assert.equal(input.count, 5, "no read after the end of input");
});

Deno.test("servy run supervised --observer: the four kills within 5 s are one step, with no pause between them", async () => {
  const { p, input, exit } = runPaced("supervised");
  let done = false;
  exit.then(() => done = true);
  for (let k = 1; !done; k++) {
    await Promise.race([input.asked(k), exit]);
    input.type("");
  }
  assert.equal(await exit, 0, p.out + p.err);
  const burst = p.out.slice(p.out.indexOf("# kill the HttpServer four times"));
  const steps = burst.split(/^(?=servy\(\d+\)> )/m);
  // The pause before the first kill's whereis, none in the 8 steps.
  assert.match(steps[0], /four times within five seconds.*\n⏸ {2}Enter/);
  for (const step of steps.slice(1, 8)) {
    assert.doesNotMatch(step, /⏸/, step);
  }
  // The 4th kill, then the pause before the next step.
  assert.match(steps[8], /^servy\(\d+\)> Process\.exit\(serverPid, "kaboom"\)/);
  assert.equal(steps[8].match(/⏸/g)?.length, 1);
  assert.match(steps[8], /⏸ {2}Enter: next step\n$/);
  assert.match(steps[9], /^servy\(\d+\)> kickPid = /);
  assert.match(p.out, /✔ KickStarter gave up after its 4th restart in 5 s/);
});

Deno.test("servy run restart --observer --step-ms 0: runs through without reading stdin", async () => {
  const { p, input, exit } = runPaced("restart", ["--step-ms", "0"]);
  assert.equal(await exit, 0, p.out + p.err);
  assert.equal(input.count, 0);
  assert.match(p.out, /\nEach step waits 0 ms; Ctrl-C stops\.\n/);
  assert.doesNotMatch(p.out, /⏸/);
  assert.equal(prompts(p.out), STEPS);
  assert.match(p.out, /All 11 facts hold\.\n$/);
});

Deno.test("servy run unlinked --observer: stdin at its end at once goes on without pauses, said once", async () => {
  const { p, input, exit } = runPaced("unlinked");
  input.end();
  assert.equal(await exit, 0, p.out + p.err);
  assert.equal(input.count, 1);
  assert.match(
    p.out,
    /⏸ {2}Enter: next step\nStandard input is closed: the steps run without pauses\.\nservy\(1\)> /,
  );
  assert.equal(p.out.match(/Standard input is closed/g)?.length, 1);
});

Deno.test("servy run unlinked --observer: stdin that is no terminal (or none) is never read", async () => {
  const { p, input, exit } = runPaced("unlinked", [], false);
  assert.equal(await exit, 0, p.out + p.err);
  assert.equal(input.count, 0);
  assert.match(
    p.out,
    /\nStandard input is not a terminal: the steps run without pauses\.\n/,
  );
  const bare = capture(); // a platform with no stdin at all
  const args = ["run", "unlinked", "--port", String(freePort())];
  assert.equal(await main([...args, "--observer", "0"], bare), 0, bare.err);
  assert.match(bare.out, /Standard input is not a terminal/);
  assert.match(bare.out, /All \d+ facts hold\.\n$/);
});

Deno.test("servy run restart --observer: Ctrl-C during a pause stops the run, the observer and the server (exit 130)", async () => {
  const { p, input, port, exit } = runPaced("restart");
  for (let k = 1; k <= 3; k++) {
    await input.asked(k);
    input.type("");
  }
  await input.asked(4);
  const observer = observerPort(p.out);
  p.signal("SIGINT");
  assert.equal(await exit, 130, p.out + p.err);
  assert.match(
    p.out,
    /⏸ {2}Enter: next step\n\nSIGINT: stopped before the last step; no verdict\.\n$/,
  );
  assert.doesNotMatch(p.out, /servy\(4\)>|Verdict/);
  assert.equal(p.err, "");
  assert.ok(input.closed);
  // Both ports are free again: the runtime and the observer stopped.
  for (const free of [port, observer]) (await listen(free)).close();
  assert.equal(
    await request(observer, "GET / HTTP/1.1\r\n\r\n"),
    "connection refused",
  );
});

Deno.test("servy run restart --observer --step-ms 60000: Ctrl-C ends the wait at once (exit 130)", async () => {
  const { p, input, exit } = runPaced("restart", ["--step-ms", "60000"]);
  for (let i = 0; i < 500 && !p.out.includes("Ctrl-C stops"); i++) {
    await new Promise((r) => setTimeout(r, 1));
  }
  p.signal("SIGTERM");
  assert.equal(await exit, 130, p.out + p.err);
  assert.match(
    p.out,
    /\n\nSIGTERM: stopped before the last step; no verdict\.\n$/,
  );
  assert.doesNotMatch(p.out, /servy\(1\)>/);
  assert.equal(input.count, 0);
});

const BAD = [
  [["--observer", "--step-ms", "-1"], /--step-ms' argument is ambiguous/],
  [["--observer", "--step-ms=-1"], /Invalid --step-ms "-1": a whole number/],
  [["--observer", "--step-ms", "1.5"], /Invalid --step-ms "1\.5"/],
  [["--observer", "--step-ms", "x"], /Invalid --step-ms "x"/],
  [["--observer", "--step-ms", "1e9"], /Invalid --step-ms "1e9"/],
  [["--observer", "--step-ms", "60001"], /from 0 to 60000\n/],
  [["--observer", "--step-ms", "1000000000"], /Invalid --step-ms/],
  [["--observer", "--step-ms", ""], /Invalid --step-ms ""/],
  [["--observer", "--step-ms", " 5"], /Invalid --step-ms " 5"/],
  [["--step-ms", "5"], /--step-ms paces the steps for the observer/],
  [["--observer", "x"], /Unknown scenario "x"|Invalid observer port "x"/],
  [["--observer", "65536"], /Invalid observer port "65536"/],
  [["--observer", "-5"], /Unknown option '-5'|ambiguous/],
] as const;

Deno.test("servy run --observer --step-ms: bad values are usage errors (exit 2) that say why", async () => {
  for (const [flags, message] of BAD) {
    const p = capture();
    const args = ["run", "restart", "--port", "4571", ...flags];
    assert.equal(await main(args, p), 2, args.join(" "));
    assert.match(p.err, message, args.join(" "));
    assert.match(p.err, /\n\nUsage: servy run /);
    assert.equal(p.out, "");
  }
  const same = capture();
  const args = ["run", "restart", "--port", "4571", "--observer", "4571"];
  assert.equal(await main(args, same), 2);
  assert.match(same.err, /The observer's port 4571 is the HTTP server's/);
});

Deno.test("servy run --observer [PORT] --step-ms N: the bounds and the bare flag before a scenario are accepted", async () => {
  // --source stops after the flags are checked: nothing is started.
  for (
    const flags of [
      ["restart", "--observer", "--step-ms", "0"],
      ["restart", "--observer", "--step-ms", "60000"],
      ["--observer", "restart", "--step-ms=7"],
      ["--observer", "4002", "restart"],
      ["restart", "--observer=0"],
    ]
  ) {
    const p = capture();
    assert.equal(await main(["run", ...flags, "--source"], p), 0, p.err);
    assert.match(p.out, /^# The lesson's Elixir/);
  }
});

Deno.test("servy run --help: tells of --observer and --step-ms", async () => {
  const p = capture();
  assert.equal(await main(["run", "--help"], p), 0);
  assert.match(p.out, /--observer \[N\] {3}open the observer/);
  assert.match(p.out, /--step-ms N {6}with --observer: wait N ms/);
});

Deno.test("servy run unlinked --observer through main.ts: stdin from /dev/null is no terminal, so no pause and no hang", async () => {
  const { code, out, err } = await servyOutput([
    "run",
    "unlinked",
    "--port",
    String(freePort()),
    "--observer",
    "0",
  ]);
  assert.equal(code, 0, out + err);
  assert.match(out, /\nObserver: http:\/\/127\.0\.0\.1:\d+\/#token=\w+\n/);
  assert.match(
    out,
    /Standard input is not a terminal: the steps run without pauses\.\n/,
  );
  assert.doesNotMatch(out, /⏸/);
  assert.match(out, /All \d+ facts hold\.\n$/);
});
