/**
 * `servy run trapped`, the lesson's step 4: KickStarter traps exits, so
 * the server's death arrives as a message that the default `handle_info`
 * logs.
 *
 * @module
 */

import { inspectReason, Tuple } from "../../actor/mod.ts";
import { Trapped } from "../../servy/kick_starter.ts";
import {
  alive,
  eventually,
  exit,
  probe,
  type Shell,
  startAndFind,
} from "./shell.ts";

/** The lesson's Elixir for this step. */
export const ELIXIR = `  def init(:ok) do
    Process.flag(:trap_exit, true)
    IO.puts "Starting the HTTP server..."
    server_pid = spawn(Servy.HttpServer, :start, [4000])
    Process.link(server_pid)
    Process.register(server_pid, :http_server)
    {:ok, server_pid}
  end`;

/**
 * Plays the step.
 *
 * @param sh the shell
 */
export async function* trapped(
  sh: Shell,
): AsyncGenerator<unknown, void, unknown> {
  const { t, self } = sh;
  const started = yield* startAndFind(sh, "Trapped", Trapped);
  if (started === undefined) return;
  const { kick, server } = started;
  await t.step(`Process.info(kickPid, "trap_exit")`);
  const traps = self.info(kick, "trap_exit");
  t.result(new Tuple("trap_exit", traps));
  t.check("KickStarter traps exits", traps === true);
  const served = yield* probe(sh);
  t.check(
    "the server answers GET /wildthings",
    served.endsWith("200 OK"),
    served,
  );
  t.comment("kill the HttpServer");
  yield* exit(sh, server, "serverPid", "kaboom");
  const expected =
    `[error] Servy.KickStarter Servy.KickStarter received unexpected message in handle_info/2: ${
      inspectReason({ type: "EXIT", from: server, reason: "kaboom" })
    }`;
  const logged = yield* eventually(sh, () => sh.logs.length > 0);
  const entry = sh.logs[0] ?? "";
  t.check(
    `KickStarter logged "${expected}"`,
    logged && sh.logs.length === 1 &&
      new RegExp(`^\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} `).test(entry) &&
      entry.endsWith(expected),
    sh.logs.join("") || "nothing",
  );
  t.comment("KickStarter did not die!");
  t.check("KickStarter did not die", await alive(sh, kick, "kickPid"));
  t.check("the HttpServer is dead", !(await alive(sh, server, "serverPid")));
  t.comment("nobody restarted it: that is the next move");
  const after = yield* probe(sh);
  t.check("nothing serves the port", after === "connection refused", after);
}
