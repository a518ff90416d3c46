/**
 * `servy run supervised`, after the lesson: the course's supervision tree
 * (Servy.Supervisor over KickStarter and ServicesSupervisor) survives each
 * kill the way OTP's supervisors make it.
 *
 * @module
 */

import { GenServer, type Pid, Supervisor, Tuple } from "../../actor/mod.ts";
import { request } from "../../http/client.ts";
import * as ServySupervisor from "../../servy/supervisor.ts";
import {
  eventually,
  exit,
  probe,
  serverListening,
  type Shell,
} from "./shell.ts";

/** The course's Elixir for the tree. */
export const ELIXIR = `defmodule Servy.Supervisor do
  use Supervisor

  def start_link do
    IO.puts "Starting THE supervisor..."
    Supervisor.start_link(__MODULE__, :ok, name: __MODULE__)
  end

  def init(:ok) do
    children = [
      Servy.KickStarter,
      Servy.ServicesSupervisor
    ]

    Supervisor.init(children, strategy: :one_for_one)
  end
end`;

/**
 * Plays the scenario.
 *
 * @param sh the shell
 * @param printed the console text so far
 */
export async function* supervised(
  sh: Shell,
  printed: () => string,
): AsyncGenerator<unknown, void, unknown> {
  const { t, self } = sh;
  await t.step(
    `{ pid: sup } = Servy.Supervisor.startLink({ port: ${sh.arg.port} })`,
  );
  const started = yield* ServySupervisor.startLink(self, {
    kickStarter: { ...sh.arg, maxRestarts: 3, maxSeconds: 5 },
    services: { sensors: { snapshotMs: 10, locationMs: 5 } },
  });
  yield* serverListening(sh);
  t.result(started);
  if (started === "ignore" || started.type !== "ok") {
    return t.check("Servy.Supervisor starts the tree", false);
  }
  const sup = started.pid;
  await t.step(`Supervisor.whichChildren("Servy.Supervisor")`);
  t.result(
    (yield* Supervisor.whichChildren(self, sup)).map((c) =>
      new Tuple(c.id, c.child, c.type, c.modules)
    ),
  );
  const served = yield* probe(sh);
  t.check("the tree serves GET /wildthings", served.endsWith("200 OK"), served);

  t.comment(
    "kill PledgeServer: ServicesSupervisor restarts it, with fresh state",
  );
  yield* send(sh, "POST /pledges", "name=larry&amount=10");
  const pledges = await whereis(sh, "pledge_server", "pledgePid");
  yield* exit(sh, pledges!, "pledgePid", "kill");
  const newPledges = await whereis(sh, "pledge_server", "pledgePid");
  t.check(
    "PledgeServer was restarted with a new pid",
    newPledges !== undefined && newPledges !== pledges,
  );
  const recent = yield* send(sh, "GET /pledges");
  t.check(
    "the new PledgeServer starts from fresh state",
    recent.endsWith('[{"wilma", 15}, {"fred", 25}]'),
    recent,
  );

  t.comment("kill the HttpServer: KickStarter restarts it");
  const server = (await whereis(sh, "http_server", "serverPid"))!;
  yield* exit(sh, server, "serverPid", "kaboom");
  yield* serverListening(sh, server);
  const again = yield* probe(sh);
  t.check(
    "KickStarter restarted the HttpServer",
    again.endsWith("200 OK"),
    again,
  );

  t.comment(
    "kill KickStarter: Servy.Supervisor restarts it, and it starts a new HttpServer",
  );
  const kick = (await whereis(sh, "Servy.KickStarter", "kickPid"))!;
  const oldServer = self.whereis("http_server");
  yield* exit(sh, kick, "kickPid", "kill");
  yield* serverListening(sh, oldServer);
  const newKick = await whereis(sh, "Servy.KickStarter", "kickPid");
  t.check(
    "Servy.Supervisor restarted KickStarter",
    newKick !== undefined && newKick !== kick,
  );
  const third = yield* probe(sh);
  t.check(
    "its new HttpServer serves the port",
    third.endsWith("200 OK"),
    third,
  );

  t.comment(
    "kill the HttpServer four times within five seconds: KickStarter (3 restarts in 5 s) gives up",
  );
  const before = self.whereis("Servy.KickStarter");
  // One step for the pace: a pause between the kills would let the 5 s
  // pass, and KickStarter would not give up.
  yield* t.together(async function* () {
    for (let kill = 1; kill <= 4; kill++) {
      const pid = (await whereis(sh, "http_server", "serverPid"))!;
      yield* exit(sh, pid, "serverPid", "kaboom");
      yield* serverListening(sh, pid);
    }
  });
  const after = await whereis(sh, "Servy.KickStarter", "kickPid");
  t.check(
    "KickStarter gave up after its 4th restart in 5 s",
    printed().includes("KickStarter gives up: more than 3 restarts in 5 s\n"),
  );
  const reported = yield* eventually(sh, () =>
    sh.logs.some((l) =>
      l.includes(
        "Child Servy.KickStarter of Supervisor Servy.Supervisor terminated\n** (exit) :reached_max_restart_intensity",
      )
    ));
  t.check(
    "Servy.Supervisor reported it and restarted KickStarter",
    reported && after !== undefined && after !== before,
  );
  const last = yield* probe(sh);
  t.check("a new HttpServer serves the port", last.endsWith("200 OK"), last);
  t.check("Servy.Supervisor is still alive", self.alive(sup));
  yield* GenServer.stop(self, sup);
}

async function whereis(
  sh: Shell,
  name: string,
  as: string,
): Promise<Pid | undefined> {
  await sh.t.step(`${as} = Process.whereis(${JSON.stringify(name)})`);
  return sh.t.result(sh.self.whereis(name));
}

/**
 * Sends one request (a form body when given).
 *
 * @returns the status line and the body
 */
async function* send(
  sh: Shell,
  line: string,
  form?: string,
): AsyncGenerator<unknown, string, unknown> {
  const port = sh.arg.port;
  await sh.t.step(
    `HttpClient.request(${port}, ${JSON.stringify(`${line} HTTP/1.1`)}${
      form === undefined ? "" : `, ${JSON.stringify(form)}`
    })`,
  );
  const head =
    `${line} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n`;
  const text = await request(
    port,
    form === undefined
      ? `${head}\r\n`
      : `${head}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}`,
  );
  const [status] = text.split("\r\n", 1);
  const body = text.slice(text.indexOf("\r\n\r\n") + 4);
  sh.t.resultText(`${status}\n${body}`);
  return `${status}\n${body}`;
}
