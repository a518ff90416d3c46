/**
 * `servy run unlinked`, the lesson's step 2: KickStarter spawns and
 * registers the HTTP server without linking to it.
 *
 * @module
 */

import { inspect } from "../../actor/mod.ts";
import { Unlinked } from "../../servy/kick_starter.ts";
import {
  alive,
  exit,
  links,
  probe,
  type Shell,
  startAndFind,
  whereisServer,
} from "./shell.ts";

/** The lesson's Elixir for this step. */
export const ELIXIR = `  def init(:ok) do
    IO.puts "Starting the HTTP server..."
    server_pid = spawn(Servy.HttpServer, :start, [4000])
    Process.register(server_pid, :http_server)
    {:ok, server_pid}
  end`;

/**
 * Plays the step.
 *
 * @param sh the shell
 */
export async function* unlinked(
  sh: Shell,
): AsyncGenerator<unknown, void, unknown> {
  const { t } = sh;
  const started = yield* startAndFind(sh, "Unlinked", Unlinked);
  if (started === undefined) return;
  const { kick, server } = started;
  t.check("KickStarter registered the server as :http_server", true);
  const served = yield* probe(sh);
  t.check(
    "the server answers GET /wildthings",
    served.endsWith("200 OK"),
    served,
  );
  const kickLinks = await links(sh, kick, "kickPid");
  t.check(
    "KickStarter is not linked to the server",
    kickLinks.length === 0,
    inspect(kickLinks),
  );
  t.comment("kill the HttpServer");
  yield* exit(sh, server, "serverPid", "kaboom");
  t.check("the HttpServer is dead", !(await alive(sh, server, "serverPid")));
  t.check("KickStarter did not die", await alive(sh, kick, "kickPid"));
  t.check(
    ":http_server is no longer registered",
    (await whereisServer(sh)) === undefined,
  );
  const after = yield* probe(sh);
  t.check(
    "the port refuses connections",
    after === "connection refused",
    after,
  );
}
