import assert from "node:assert/strict";
import { main } from "../../lib/cli/mod.ts";
import { listen } from "../../lib/net/tcp_listener.ts";
import { freePort } from "../_support.ts";
import { capture, servyOutput } from "./_cli.ts";

/** The facts each scenario must report as holding. */
const FACTS: Record<string, RegExp[]> = {
  unlinked: [
    /✔ KickStarter is not linked to the server/,
    /✔ KickStarter did not die/,
    /✔ :http_server is no longer registered/,
    /✔ the port refuses connections/,
  ],
  linked: [
    /✔ KickStarter is linked to the server/,
    /✔ the server is linked to KickStarter and to its listener's #Port/,
    /✔ KickStarter died with it/,
    /✔ no error report was logged/,
  ],
  trapped: [
    /✔ KickStarter logged "\[error\] Servy\.KickStarter Servy\.KickStarter received unexpected message in handle_info\/2: \{:EXIT, #PID<0\.\d+\.0>, :kaboom\}"/,
    /✔ KickStarter did not die/,
    /✔ nothing serves the port/,
  ],
  supervised: [
    /✔ PledgeServer was restarted with a new pid/,
    /✔ the new PledgeServer starts from fresh state/,
    /✔ Servy\.Supervisor restarted KickStarter/,
    /✔ KickStarter gave up after its 4th restart in 5 s/,
    /✔ Servy\.Supervisor reported it and restarted KickStarter/,
    /✔ Servy\.Supervisor is still alive/,
  ],
  restart: [
    /✔ KickStarter printed "HttpServer exited \(:kaboom\)"/,
    /✔ KickStarter printed "HttpServer exited \(:killed\)"/,
    /✔ the new server answers on the same port/,
    /✔ KickStarter stayed alive throughout/,
  ],
};

function checkTranscript(name: string, out: string): void {
  for (const fact of FACTS[name]) assert.match(out, fact, name);
  assert.doesNotMatch(out, /✘/);
  assert.match(out, /All \d+ facts hold\.\n$/);
  assert.ok(!out.includes("\x1b["), "no color when not asked for");
}

for (const name of Object.keys(FACTS)) {
  Deno.test(`servy run ${name}: the lesson's facts hold on a real port (in process)`, async () => {
    const p = capture();
    const port = freePort();
    assert.equal(
      await main(["run", name, "--port", String(port)], p),
      0,
      p.out,
    );
    checkTranscript(name, p.out);
    assert.match(
      p.out,
      new RegExp(
        `🎧 {2}Listening for connection requests on port ${port}\\.\\.\\.`,
      ),
    );
  });

  Deno.test(`servy run ${name}: exits 0 through main.ts`, async () => {
    const { code, out, err } = await servyOutput([
      "run",
      name,
      "--port",
      String(freePort()),
    ]);
    assert.equal(code, 0, out + err);
    checkTranscript(name, out);
    // In a fresh process too, the server's first lines come before start's
    // result, as in the lesson's iex session.
    if (name !== "supervised") {
      assert.match(
        out,
        /Listening for connection requests on port \d+\.\.\.\n\n⌛️ {2}Waiting to accept a client connection\.\.\.\n\n\{:ok, #PID/,
      );
    }
  });
}

Deno.test("servy run linked: the transcript reads like the lesson's iex session", async () => {
  const p = capture();
  assert.equal(
    await main(["run", "linked", "--port", String(freePort())], p),
    0,
  );
  assert.match(
    p.out,
    /servy\(1\)> \{ pid: kickPid \} = KickStarter\.start\(Linked, \{ port: \d+ \}\)\nStarting the kickstarter\nStarting the HTTP server\.\.\.\n\n🎧 {2}Listening for connection requests on port \d+\.\.\.\n\n⌛️ {2}Waiting to accept a client connection\.\.\.\n\n\{:ok, #PID<0\.\d+\.0>\}\n/,
  );
  assert.match(
    p.out,
    /servy\(3\)> Process\.info\(kickPid, "links"\)\n\{:links, \[#PID<0\.\d+\.0>\]\}\n/,
  );
  assert.match(p.out, /> Process\.exit\(serverPid, "kaboom"\)\ntrue\n/);
  assert.match(p.out, /> Process\.alive\(kickPid\)\nfalse\n/);
});

Deno.test("servy run: colors only when the platform allows them", async () => {
  const p = capture(true);
  assert.equal(
    await main(["run", "unlinked", "--port", String(freePort())], p),
    0,
  );
  assert.ok(p.out.includes("\x1b[32m✔\x1b[0m"));
  const plain = await servyOutput([
    "run",
    "unlinked",
    "--port",
    String(freePort()),
  ], { NO_COLOR: "1" });
  assert.ok(!plain.out.includes("\x1b["));
});

Deno.test("servy run: a busy port is a clear error and exit 1", async () => {
  const taken = await listen(0);
  try {
    const p = capture();
    assert.equal(
      await main(["run", "linked", "--port", String(taken.port)], p),
      1,
    );
    assert.equal(
      p.err,
      `servy: Cannot listen on port ${taken.port}: the port is already in use; pick another with --port N\n`,
    );
    assert.equal(p.out, "");
  } finally {
    taken.close();
  }
});
