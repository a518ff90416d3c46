/**
 * `Servy.PledgeServer`: a GenServer registered as `:pledge_server` that
 * keeps the most recent pledges (3 by default), newest first. The client
 * API comes first, then the callbacks, as in the course.
 *
 * @module
 */

import {
  type ChildSpec,
  type GenServerModule,
  type OnStart,
  type Receive,
  type Self,
  Supervisor,
  Tuple,
} from "../actor/mod.ts";
import type { Console } from "./plugins.ts";

/** The registered name. */
export const NAME = "pledge_server";

/** `{name, amount}`, printed as the course prints it: `{"wilma", 15}`. */
export type Pledge = Tuple;

interface State {
  cacheSize: number;
  pledges: Pledge[];
  /** Draws the service's pledge ids. */
  random: () => number;
}

type PledgeCall =
  | { type: "create_pledge"; name: string; amount: number }
  | { type: "recent_pledges" }
  | { type: "total_pledged" };

type PledgeCast = { type: "clear" } | { type: "set_cache_size"; size: number };

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
 * @param self the caller
 * @param options where ids come from
 * @returns the receive that gives the start result
 */
export function start(
  self: Self,
  options: PledgeServerOptions = {},
): Receive<OnStart> {
  return self.GenServer.start(PledgeServer, options, { name: NAME });
}

/**
 * `create_pledge/2`.
 *
 * @param self the caller
 * @param name who pledges
 * @param amount how much
 * @returns the receive that gives the pledge's id: `"pledge-123"`
 */
export function createPledge(
  self: Self,
  name: string,
  amount: number,
): Receive<string> {
  return self.GenServer.call<PledgeCall, string>(NAME, {
    type: "create_pledge",
    name,
    amount,
  });
}

/** `recent_pledges/0`. @param self the caller @returns newest first */
export function recentPledges(self: Self): Receive<Pledge[]> {
  return self.GenServer.call<PledgeCall, Pledge[]>(NAME, {
    type: "recent_pledges",
  });
}

/** `total_pledged/0`. @param self the caller @returns the recent pledges' sum */
export function totalPledged(self: Self): Receive<number> {
  return self.GenServer.call<PledgeCall, number>(NAME, {
    type: "total_pledged",
  });
}

/** `clear/0`. @param self the caller @returns `"ok"` */
export function clear(self: Self): "ok" {
  return self.GenServer.cast(NAME, { type: "clear" } satisfies PledgeCast);
}

/**
 * `set_cache_size/1`.
 *
 * @param self the caller
 * @param size how many pledges to keep
 * @returns `"ok"`
 */
export function setCacheSize(self: Self, size: number): "ok" {
  const msg: PledgeCast = { type: "set_cache_size", size };
  return self.GenServer.cast(NAME, msg);
}

/** The recent pledges the external service has when the server starts. */
function fetchRecentPledgesFromService(): Pledge[] {
  return [new Tuple("wilma", 15), new Tuple("fred", 25)];
}

/** The callbacks. */
export const PledgeServer: GenServerModule<PledgeServerOptions, State> = {
  name: "Servy.PledgeServer",
  init(options) {
    const pledges = fetchRecentPledgesFromService();
    const random = options.random ?? randomId;
    return { type: "ok", state: { cacheSize: 3, pledges, random } };
  },
  handleCall(request, _from, state) {
    const call = request as PledgeCall;
    switch (call.type) {
      case "create_pledge": {
        const id = `pledge-${state.random()}`;
        const recent = state.pledges.slice(0, state.cacheSize - 1);
        const pledges = [new Tuple(call.name, call.amount), ...recent];
        return { type: "reply", reply: id, state: { ...state, pledges } };
      }
      case "recent_pledges":
        return { type: "reply", reply: state.pledges, state };
      case "total_pledged": {
        const total = state.pledges.reduce(
          (sum, p) => sum + (p.items[1] as number),
          0,
        );
        return { type: "reply", reply: total, state };
      }
    }
  },
  handleCast(msg, state) {
    const cast = msg as PledgeCast;
    if (cast.type === "clear") {
      return { type: "noreply", state: { ...state, pledges: [] } };
    }
    const pledges = state.pledges.slice(0, cast.size);
    return {
      type: "noreply",
      state: { ...state, cacheSize: cast.size, pledges },
    };
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
