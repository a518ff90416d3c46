/**
 * The floor's GenServer (floor_scheduler.ts): the least a `GenServer.call`
 * does, `gen:call/4` without the timeout (monitor the server, send
 * `{:"$gen_call", {from, ref}, request}`, receive the reply or the DOWN by
 * the ref, demonitor with flush), and a call-only server loop of either body
 * kind that answers each call with `handle`, as servy's `handleCall` does.
 *
 * @module
 */

import type {
  FloorBody,
  FloorDown,
  FloorProc,
  FloorRef,
} from "./floor_scheduler.ts";

/** `{:"$gen_call", {from, ref}, request}`; its reply is `{ref, reply}`. */
export interface FloorCall {
  readonly type: "$gen_call";
  readonly from: FloorProc;
  readonly ref: FloorRef;
  readonly request: unknown;
}

/** What `handle(request, state)` gives (servy's `handleCall` result). */
export interface FloorReply {
  readonly type: "reply";
  readonly reply: unknown;
  readonly state: unknown;
}

/**
 * `GenServer.call/2` from `self`, for `yield*`.
 *
 * @returns the receive that gives the reply; it throws if the server exits first
 */
export function call(
  self: FloorProc,
  server: unknown,
  request: unknown,
): FloorProc {
  const ref = self.monitor(server);
  self.send(server, { type: "$gen_call", from: self, ref, request });
  return self.receive((m) => (m as FloorDown).ref === ref, (m) => {
    self.demonitor(ref);
    const d = m as FloorDown;
    if (d.type === "DOWN") throw new Error(`call failed: ${d.reason}`);
    return (m as { reply: unknown }).reply;
  });
}

function answer(call: FloorCall, reply: unknown): void {
  call.from.deliver({ ref: call.ref, reply });
}

/** A call-only server with an `async function*` body; other messages are dropped. */
export function asyncServer(
  handle: (request: unknown, state: unknown) => FloorReply,
  state: unknown,
): FloorBody {
  return async function* (self) {
    for (;;) {
      const call = (yield* self.receive()) as FloorCall;
      if (call?.type !== "$gen_call") continue;
      const r = handle(call.request, state);
      answer(call, r.reply);
      state = r.state;
    }
  };
}

/** The same server with a `function*` body. */
export function syncServer(
  handle: (request: unknown, state: unknown) => FloorReply,
  state: unknown,
): FloorBody {
  return function* (self) {
    for (;;) {
      const call = (yield* self.receive()) as FloorCall;
      if (call?.type !== "$gen_call") continue;
      const r = handle(call.request, state);
      answer(call, r.reply);
      state = r.state;
    }
  };
}
