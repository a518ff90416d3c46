/**
 * `Servy.FourOhFourCounter`: a GenServer registered as
 * `:four_oh_four_counter` that counts the paths that got a 404.
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
} from "../actor/mod.ts";

/** The registered name. */
export const NAME = "four_oh_four_counter";

type CounterCall = { type: "get_count"; path: string } | { type: "get_counts" };
type CounterCast = { type: "bump_count"; path: string } | { type: "reset" };

/**
 * Starts the counter, registered as `four_oh_four_counter`.
 *
 * @param self the caller
 * @returns the receive that gives the start result
 */
export function start(self: Self): Receive<OnStart> {
  return self.GenServer.start(FourOhFourCounter, undefined, { name: NAME });
}

/**
 * `bump_count/1`: a cast, so a 404 never waits on (or crashes for) the
 * counter; with no counter running it does nothing.
 *
 * @param self the caller
 * @param path the path that was not found
 * @returns `"ok"`
 */
export function bumpCount(self: Self, path: string): "ok" {
  const msg: CounterCast = { type: "bump_count", path };
  return self.GenServer.cast(NAME, msg);
}

/**
 * `get_count/1`.
 *
 * @param self the caller
 * @param path a path
 * @returns the receive that gives its count
 */
export function getCount(self: Self, path: string): Receive<number> {
  return self.GenServer.call<CounterCall, number>(NAME, {
    type: "get_count",
    path,
  });
}

/**
 * `get_counts/0`.
 *
 * @param self the caller
 * @returns the receive that gives the counts, keys in order, as Elixir
 *   prints a map: `%{"/bigfoot" => 2, "/nessie" => 1}`
 */
export function getCounts(self: Self): Receive<Map<string, number>> {
  return self.GenServer.call<CounterCall, Map<string, number>>(NAME, {
    type: "get_counts",
  });
}

/** `reset/0`. @param self the caller @returns `"ok"` */
export function reset(self: Self): "ok" {
  return self.GenServer.cast(NAME, { type: "reset" } satisfies CounterCast);
}

/** The callbacks; the state is path → count. */
export const FourOhFourCounter: GenServerModule<
  undefined,
  Map<string, number>
> = {
  name: "Servy.FourOhFourCounter",
  init: () => ({ type: "ok", state: new Map() }),
  handleCall(request, _from, state) {
    const call = request as CounterCall;
    if (call.type === "get_count") {
      return { type: "reply", reply: state.get(call.path) ?? 0, state };
    }
    const sorted = new Map([...state].sort(([a], [b]) => a < b ? -1 : 1));
    return { type: "reply", reply: sorted, state };
  },
  handleCast(msg, state) {
    const cast = msg as CounterCast;
    if (cast.type === "reset") return { type: "noreply", state: new Map() };
    state.set(cast.path, (state.get(cast.path) ?? 0) + 1);
    return { type: "noreply", state };
  },
};

/**
 * `child_spec/1`: the counter under a supervisor, registered as
 * `four_oh_four_counter`.
 *
 * @returns the child spec
 */
export function childSpec(): ChildSpec {
  return {
    ...Supervisor.childSpec(FourOhFourCounter, undefined, { name: NAME }),
    startCall: "Servy.FourOhFourCounter.start_link([])",
  };
}
