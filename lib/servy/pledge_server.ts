/**
 * `Servy.PledgeServer`: a GenServer registered as `:pledge_server` that
 * keeps the most recent pledges (3 by default), newest first. The client
 * API comes first, then the callbacks, as in the course.
 *
 * @module
 */

import {
  type Call,
  type ChildSpec,
  type Deferred,
  GenServer,
  handleCalls,
  type ModuleOf,
  noreply,
  ok,
  type OnStart,
  reply,
  type ServerRef,
  serverRef,
  Supervisor,
  Tuple,
} from "../actor/mod.ts";
import type { Console } from "./plugins.ts";

/** The registered name. */
export const NAME = "pledge_server";

/** `{name, amount}`, printed as the course prints it: `{"wilma", 15}`. */
export type Pledge = Tuple<[name: string, amount: number]>;

interface State {
  cacheSize: number;
  pledges: Pledge[];
  /** Draws the service's pledge ids. */
  random: () => number;
}

/** What the server answers and takes. */
export interface PledgeProtocol {
  /** `create_pledge/2`, `recent_pledges/0`, `total_pledged/0`. */
  calls:
    | Call<{ type: "create_pledge"; name: string; amount: number }, string>
    | Call<{ type: "recent_pledges" }, Pledge[]>
    | Call<{ type: "total_pledged" }, number>;
  /** `clear/0`, `set_cache_size/1`. */
  casts: { type: "clear" } | { type: "set_cache_size"; size: number };
  /** The cache and its size. */
  state: State;
}

/** `@name :pledge_server`, typed with the protocol. */
export const server: ServerRef<PledgeProtocol> = serverRef<PledgeProtocol>(
  NAME,
);

/** Options of {@linkcode start}. */
export interface PledgeServerOptions {
  /** Draws the id the pledge service returns (1..1000). */
  random?: () => number;
  /** Where `start_link` says `Starting the pledge server...`. */
  console?: Console;
}

/**
 * Starts the server, registered as `pledge_server`.
 *
 * @param options where ids come from
 * @returns the receive that gives the start result
 */
export const start = (options: PledgeServerOptions = {}): Deferred<OnStart> =>
  GenServer.start(PledgeServer, options, { name: NAME });

/** `create_pledge/2`. @returns the receive that gives the id: `"pledge-123"` */
export const createPledge = (
  name: string,
  amount: number,
): Deferred<string> =>
  GenServer.call(server, { type: "create_pledge", name, amount });

/** `recent_pledges/0`. @returns newest first */
export const recentPledges = (): Deferred<Pledge[]> =>
  GenServer.call(server, { type: "recent_pledges" });

/** `total_pledged/0`. @returns the recent pledges' sum */
export const totalPledged = (): Deferred<number> =>
  GenServer.call(server, { type: "total_pledged" });

/** `clear/0`. @returns `"ok"` */
export const clear = (): "ok" => GenServer.cast(server, { type: "clear" });

/** `set_cache_size/1`. @returns `"ok"` */
export const setCacheSize = (size: number): "ok" =>
  GenServer.cast(server, { type: "set_cache_size", size });

/** The recent pledges the external service has when the server starts. */
function fetchRecentPledgesFromService(): Pledge[] {
  return [new Tuple("wilma", 15), new Tuple("fred", 25)];
}

/** The callbacks. */
export const PledgeServer: ModuleOf<PledgeProtocol, PledgeServerOptions> = {
  name: "Servy.PledgeServer",
  init(options) {
    const pledges = fetchRecentPledgesFromService();
    return ok({ cacheSize: 3, pledges, random: options.random ?? randomId });
  },
  handleCall: handleCalls<PledgeProtocol>({
    create_pledge({ name, amount }, _from, state) {
      const id = `pledge-${state.random()}`;
      const recent = state.pledges.slice(0, state.cacheSize - 1);
      const pledges = [new Tuple(name, amount), ...recent];
      return reply(id, { ...state, pledges });
    },
    recent_pledges: (_request, _from, state) => reply(state.pledges, state),
    total_pledged: (_request, _from, state) =>
      reply(state.pledges.reduce((t, p) => t + p.items[1], 0), state),
  }),
  handleCast(msg, state) {
    if (msg.type === "clear") return noreply({ ...state, pledges: [] });
    const pledges = state.pledges.slice(0, msg.size);
    return noreply({ ...state, cacheSize: msg.size, pledges });
  },
};

function randomId(): number {
  return 1 + Math.floor(Math.random() * 1000);
}

/**
 * `child_spec/1`: the server under a supervisor, registered as
 * `pledge_server`.
 *
 * @param options where ids come from
 * @returns the child spec
 */
export function childSpec(options: PledgeServerOptions = {}): ChildSpec {
  const spec = Supervisor.childSpec(PledgeServer, options, { name: NAME });
  return {
    ...spec,
    start: (self) => {
      options.console?.("Starting the pledge server...\n");
      return spec.start(self);
    },
    startCall: "Servy.PledgeServer.start_link([])",
  };
}
