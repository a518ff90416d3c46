/**
 * `Servy.FourOhFourCounter`: a GenServer registered as
 * `:four_oh_four_counter` that counts the paths that got a 404.
 *
 * Bounded, since any client can make up paths: it keeps the
 * {@linkcode MAX_PATHS} most recently missed distinct paths, and at most
 * {@linkcode MAX_PATH_CHARS} of their text; a path missed again becomes
 * the most recent and keeps its count, the least recent is forgotten
 * first. So `GET /404s` stays small whatever the clients send.
 *
 * @module
 */

import {
  type Call,
  type ChildSpec,
  GenServer,
  type ModuleOf,
  noreply,
  ok,
  type OnStart,
  type Receive,
  reply,
  type Self,
  type ServerRef,
  serverRef,
  Supervisor,
} from "../actor/mod.ts";

/** The registered name. */
export const NAME = "four_oh_four_counter";

/** How many distinct paths the counter keeps. */
export const MAX_PATHS = 1000;

/**
 * How much path text the counter keeps in all, in characters (a path is
 * ASCII: the parser takes no raw byte over 0x7f).
 */
export const MAX_PATH_CHARS = 256 * 1024;

/** Path → count, oldest miss first (a Map keeps insertion order). */
interface Counts {
  readonly byPath: Map<string, number>;
  /** The length of all the keys. */
  chars: number;
}

/** What the counter answers and takes. */
export interface CounterProtocol {
  /** `get_count/1`, `get_counts/0`. */
  calls:
    | Call<{ type: "get_count"; path: string }, number>
    | Call<{ type: "get_counts" }, Map<string, number>>;
  /** `bump_count/1`, `reset/0`. */
  casts: { type: "bump_count"; path: string } | { type: "reset" };
  /** The counts by path. */
  state: Counts;
}

/** `@name :four_oh_four_counter`, typed with the protocol. */
export const server: ServerRef<CounterProtocol> = serverRef<CounterProtocol>(
  NAME,
);

/**
 * Starts the counter, registered as `four_oh_four_counter`.
 *
 * @param self the caller
 * @returns the receive that gives the start result
 */
export function start(self: Self): Receive<OnStart> {
  return GenServer.start(self, FourOhFourCounter, undefined, { name: NAME });
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
  return GenServer.cast(self, server, { type: "bump_count", path });
}

/**
 * `get_count/1`.
 *
 * @param self the caller
 * @param path a path
 * @returns the receive that gives its count
 */
export function getCount(self: Self, path: string): Receive<number> {
  return GenServer.call(self, server, { type: "get_count", path });
}

/**
 * `get_counts/0`.
 *
 * @param self the caller
 * @returns the receive that gives the counts, keys in order, as Elixir
 *   prints a map: `%{"/bigfoot" => 2, "/nessie" => 1}`
 */
export function getCounts(self: Self): Receive<Map<string, number>> {
  return GenServer.call(self, server, { type: "get_counts" });
}

/** `reset/0`. @param self the caller @returns `"ok"` */
export function reset(self: Self): "ok" {
  return GenServer.cast(self, server, { type: "reset" });
}

/** The callbacks; the state is path → count, most recent last. */
export const FourOhFourCounter: ModuleOf<CounterProtocol> = {
  name: "Servy.FourOhFourCounter",
  init: () => ok({ byPath: new Map(), chars: 0 }),
  handleCall(request, _from, state) {
    if (request.type === "get_count") {
      return reply(state.byPath.get(request.path) ?? 0, state);
    }
    const sorted = new Map(
      [...state.byPath].sort(([a], [b]) => a < b ? -1 : 1),
    );
    return reply(sorted, state);
  },
  handleCast(msg, state) {
    if (msg.type === "reset") return noreply({ byPath: new Map(), chars: 0 });
    bump(state, msg.path);
    return noreply(state);
  },
};

/** Counts a miss of `path` as the most recent, then forgets the oldest. */
function bump(state: Counts, path: string): void {
  const { byPath } = state;
  const count = byPath.get(path);
  if (count === undefined) state.chars += path.length;
  else byPath.delete(path); // re-inserted below: now the most recent
  byPath.set(path, (count ?? 0) + 1);
  for (const oldest of byPath.keys()) {
    if (byPath.size <= MAX_PATHS && state.chars <= MAX_PATH_CHARS) break;
    if (oldest === path) break; // one path longer than the budget stays alone
    byPath.delete(oldest);
    state.chars -= oldest.length;
  }
}

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
