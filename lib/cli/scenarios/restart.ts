/**
 * `servy run restart`, the lesson's next move: KickStarter handles
 * `{:EXIT, pid, reason}` by starting, linking and registering a new HTTP
 * server on the same port.
 *
 * @module
 */

import { inspect, type Pid } from "../../actor/mod.ts";
import { Restarting } from "../../servy/kick_starter.ts";
import {
  alive,
  exit,
  links,
  probe,
  serverListening,
  type Shell,
  startAndFind,
  whereisServer,
} from "./shell.ts";

/** The course's Elixir for this step. */
export const ELIXIR = `  def init(:ok) do
    Process.flag(:trap_exit, true)
    server_pid = start_server()
    {:ok, server_pid}
  end

  def handle_info({:EXIT, _pid, reason}, _state) do
    IO.puts "HttpServer exited (#{inspect reason})"
    server_pid = start_server()
    {:noreply, server_pid}
  end

  defp start_server do
    IO.puts "Starting the HTTP server..."
    server_pid = spawn_link(Servy.HttpServer, :start, [4000])
    Process.register(server_pid, :http_server)
    server_pid
  end`;

/**
 * Plays the step.
 *
 * @param sh the shell
 * @param printed the console text so far, to find KickStarter's lines
 */
export async function* restart(
  sh: Shell,
  printed: () => string,
): AsyncGenerator<unknown, void, unknown> {
  const { t } = sh;
  const started = yield* startAndFind(sh, "Restarting", Restarting);
  if (started === undefined) return;
  const { kick, server: first } = started;
  const served = yield* probe(sh);
  t.check(
    "the server answers GET /wildthings",
    served.endsWith("200 OK"),
    served,
  );
  let previous: Pid = first;
  for (const [reason, shown] of [["kaboom", ":kaboom"], ["kill", ":killed"]]) {
    t.comment(
      `kill the HttpServer with :${reason}; KickStarter starts another`,
    );
    yield* exit(sh, previous, "serverPid", reason);
    yield* serverListening(sh, previous);
    t.check(
      `KickStarter printed "HttpServer exited (${shown})"`,
      printed().includes(`HttpServer exited (${shown})\n`),
    );
    const next = await whereisServer(sh);
    t.check(
      `a new server, ${inspect(next)}, is registered as :http_server`,
      next !== undefined && next !== previous,
    );
    if (next === undefined) return;
    const kickLinks = await links(sh, kick, "kickPid");
    t.check(
      "KickStarter is linked to the new server",
      kickLinks.length === 1 && kickLinks[0] === next,
    );
    const again = yield* probe(sh);
    t.check(
      "the new server answers on the same port",
      again.endsWith("200 OK"),
      again,
    );
    previous = next;
  }
  t.check(
    "KickStarter stayed alive throughout",
    await alive(sh, kick, "kickPid"),
  );
  t.check("nothing was logged", sh.logs.length === 0, sh.logs.join(""));
}
