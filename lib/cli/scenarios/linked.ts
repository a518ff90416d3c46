/**
 * `servy run linked`, the lesson's step 3: KickStarter links to the HTTP
 * server, so the server's death kills it too.
 *
 * @module
 */

import { inspect, Port } from "../../actor/mod.ts";
import { Linked } from "../../servy/kick_starter.ts";
import {
  alive,
  exit,
  links,
  probe,
  type Shell,
  startAndFind,
} from "./shell.ts";

/** The lesson's Elixir for this step. */
export const ELIXIR = `  def init(:ok) do
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
export async function* linked(
  sh: Shell,
): AsyncGenerator<unknown, void, unknown> {
  const { t } = sh;
  const started = yield* startAndFind(sh, "Linked", Linked);
  if (started === undefined) return;
  const { kick, server } = started;
  t.comment("the linked processes can be inspected");
  const kickLinks = await links(sh, kick, "kickPid");
  t.check(
    "KickStarter is linked to the server: {:links, [server_pid]}",
    kickLinks.length === 1 && kickLinks[0] === server,
    inspect(kickLinks),
  );
  t.comment(
    "the HttpServer is linked to KickStarter too (and to the port of its listen socket)",
  );
  const serverLinks = await links(sh, server, "serverPid");
  t.check(
    "the server is linked to KickStarter and to its listener's #Port",
    serverLinks.length === 2 && serverLinks[0] === kick &&
      serverLinks[1] instanceof Port,
    inspect(serverLinks),
  );
  const served = yield* probe(sh);
  t.check(
    "the server answers GET /wildthings",
    served.endsWith("200 OK"),
    served,
  );
  t.comment("kill the HttpServer");
  yield* exit(sh, server, "serverPid", "kaboom");
  t.check("the HttpServer is dead", !(await alive(sh, server, "serverPid")));
  t.comment("unlike before, KickStarter died as well");
  t.check(
    "KickStarter died with it (a link is bidirectional)",
    !(await alive(sh, kick, "kickPid")),
  );
  t.check(
    "no error report was logged (KickStarter died of an exit signal)",
    sh.logs.length === 0,
    `${sh.logs.length} reports`,
  );
  const after = yield* probe(sh);
  t.check(
    "the port refuses connections",
    after === "connection refused",
    after,
  );
}
