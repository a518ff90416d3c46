/**
 * `Servy.KickStarter`, the lesson's hand-made supervisor, at each of its
 * steps: one GenServer module per step, each `init` written as the lesson
 * writes it.
 *
 * 1. {@linkcode Unlinked}: `spawn` the server and register it.
 * 2. {@linkcode Linked}: also `Process.link` it; its death kills KickStarter.
 * 3. {@linkcode Trapped}: also trap exits; its death arrives as
 *    `{:EXIT, pid, :kaboom}`, which the default `handle_info` logs.
 * 4. {@linkcode Restarting}: handles that EXIT by starting a new server.
 *
 * @module
 */

import {
  type ChildSpec,
  type Deferred,
  GenServer,
  type GenServerModule,
  inspectReason,
  isExit,
  noreply,
  ok,
  type OnStart,
  type Pid,
  Process,
  reply,
  Supervisor,
} from "../actor/mod.ts";
import {
  type HttpServerOptions,
  start as startHttpServer,
} from "./http_server.ts";

/** The name KickStarter registers under, as `__MODULE__` in the lesson. */
export const NAME = "Servy.KickStarter";

/** What KickStarter needs: the HttpServer's options (port, console...). */
export type KickStarterArg = HttpServerOptions;

/**
 * `Servy.KickStarter.start()`: prints, then `GenServer.start(__MODULE__,
 * :ok, name: __MODULE__)`.
 *
 * @param module which step of KickStarter to start
 * @param arg port and console
 * @returns the receive that gives `{ type: "ok", pid }`
 */
export function start<S>(
  module: GenServerModule<KickStarterArg, S>,
  arg: KickStarterArg,
): Deferred<OnStart> {
  arg.console("Starting the kickstarter\n");
  return GenServer.start(module, arg, { name: NAME });
}

/** `spawn(Servy.HttpServer, :start, [4000])`, on the configured port. */
const spawnServer = (arg: KickStarterArg) =>
  Process.spawn((server) => startHttpServer(server, arg));

/** Step 1: KickStarter starts and registers the HTTP server, unlinked. */
export const Unlinked: GenServerModule<KickStarterArg, Pid> = {
  name: NAME,
  init(arg) {
    arg.console("Starting the HTTP server...\n");
    const serverPid = spawnServer(arg);
    Process.register(serverPid, "http_server");
    return ok(serverPid);
  },
  handleCall: (_request, _from, state) => reply(state, state),
};

/** Step 2: KickStarter links to the HTTP server. */
export const Linked: GenServerModule<KickStarterArg, Pid> = {
  name: NAME,
  init(arg) {
    arg.console("Starting the HTTP server...\n");
    const serverPid = spawnServer(arg);
    Process.link(serverPid);
    Process.register(serverPid, "http_server");
    return ok(serverPid);
  },
  handleCall: (_request, _from, state) => reply(state, state),
};

/** Step 3: KickStarter traps exits; no handle_info yet. */
export const Trapped: GenServerModule<KickStarterArg, Pid> = {
  name: NAME,
  init(arg) {
    Process.flag("trap_exit", true);
    arg.console("Starting the HTTP server...\n");
    const serverPid = spawnServer(arg);
    Process.link(serverPid);
    Process.register(serverPid, "http_server");
    return ok(serverPid);
  },
  handleCall: (_request, _from, state) => reply(state, state),
};

/** The restarting KickStarter's state: the server, and how to start another. */
export interface RestartState {
  /** The HTTP server's process. */
  server: Pid;
  /** How to start another. */
  arg: KickStarterArg;
}

/** The next move: handle `{:EXIT, pid, reason}` by starting a new server. */
export const Restarting: GenServerModule<KickStarterArg, RestartState> = {
  name: NAME,
  init(arg) {
    Process.flag("trap_exit", true);
    return ok({ server: startServer(arg), arg });
  },
  handleInfo(msg, state) {
    if (!isExit(msg)) return noreply(state);
    state.arg.console(`HttpServer exited (${inspectReason(msg.reason)})\n`);
    return noreply({ ...state, server: startServer(state.arg) });
  },
  handleCall: (_request, _from, state) => reply(state.server, state),
};

function startServer(arg: KickStarterArg): Pid {
  arg.console("Starting the HTTP server...\n");
  const serverPid = Process.spawnLink((server) => startHttpServer(server, arg));
  Process.register(serverPid, "http_server");
  return serverPid;
}

/** The supervised KickStarter's argument: its own restart intensity. */
export interface SupervisedArg extends KickStarterArg {
  /** More HttpServer restarts than this within `maxSeconds`: give up. Default 3. */
  maxRestarts?: number;
  /** Default 5. */
  maxSeconds?: number;
}

interface SupervisedState extends RestartState {
  arg: SupervisedArg;
  restarts: number[];
}

/**
 * After the lesson: KickStarter as a child of `Servy.Supervisor`. It
 * restarts the HttpServer as {@linkcode Restarting} does, but like a
 * supervisor it gives up after more than `maxRestarts` restarts within
 * `maxSeconds`: it stops with `:reached_max_restart_intensity`, and its own
 * supervisor restarts it (and so a fresh HttpServer).
 */
export const Supervised: GenServerModule<SupervisedArg, SupervisedState> = {
  name: NAME,
  init(arg) {
    Process.flag("trap_exit", true);
    const server = startServer(arg);
    return { type: "ok", state: { server, arg, restarts: [] } };
  },
  handleInfo(msg, state, self) {
    if (!isExit(msg) || msg.from !== state.server) {
      return { type: "noreply", state };
    }
    const { arg } = state;
    arg.console(`HttpServer exited (${inspectReason(msg.reason)})\n`);
    const now = self.clock.now();
    const window = (arg.maxSeconds ?? 5) * 1000;
    const restarts = [...state.restarts, now].filter((t) => now - t <= window);
    if (restarts.length > (arg.maxRestarts ?? 3)) {
      arg.console(
        `KickStarter gives up: more than ${arg.maxRestarts ?? 3} restarts in ${
          arg.maxSeconds ?? 5
        } s\n`,
      );
      return { type: "stop", reason: "reached_max_restart_intensity", state };
    }
    const server = startServer(arg);
    return { type: "noreply", state: { ...state, server, restarts } };
  },
  handleCall: (_request, _from, state) => ({
    type: "reply",
    reply: state.server,
    state,
  }),
};

/**
 * `Servy.KickStarter.child_spec/1`: the supervised KickStarter, started
 * with `start_link` under its name.
 *
 * @param arg the HttpServer's options and KickStarter's intensity
 * @returns the child spec
 */
export function childSpec(arg: SupervisedArg): ChildSpec {
  const spec = Supervisor.childSpec(Supervised, arg, { name: NAME });
  return {
    ...spec,
    start: (self) => {
      arg.console("Starting the kickstarter\n");
      return spec.start(self);
    },
    startCall: "Servy.KickStarter.start_link([])",
  };
}
