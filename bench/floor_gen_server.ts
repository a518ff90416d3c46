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
 * `GenServer.call/3` with its timeout, at the floor: monitor, send, receive
 * the reply or the DOWN, demonitor; the timeout as a minimal runtime keeps
 * it: the call's deadline (one clock read) in a queue that one host timer
 * serves, in order (every call of the bench has the same 5 s), so a reply
 * only marks its entry done.
 */
export function call(
  self: FloorProc,
  server: unknown,
  request: unknown,
  timeout = 5000,
): FloorProc {
  const ref = self.monitor(server);
  const entry = deadlines(self.floor).add(self, ref, timeout);
  self.send(server, { type: "$gen_call", from: self, ref, request });
  return self.receive((m) => (m as FloorDown).ref === ref, (m) => {
    entry.done = true;
    self.demonitor(ref);
    const d = m as FloorDown;
    if (d.type === "DOWN") throw new Error(`call failed: ${d.reason}`);
    if (d.type === "timeout") throw new Error("call timed out");
    return (m as { reply: unknown }).reply;
  });
}

interface Deadline {
  readonly at: number;
  readonly proc: FloorProc;
  readonly ref: FloorRef;
  done: boolean;
}

/** The calls' deadlines, oldest first, and the one host timer for the first. */
class Deadlines {
  #queue: Deadline[] = [];
  #head = 0;
  #timer: number | undefined;
  /** Arms the host timer; unref'd, so a finished bench exits at once. */
  #arm(ms: number): number {
    const id = setTimeout(this.#fire, ms) as unknown as number;
    Deno.unrefTimer(id);
    return id;
  }

  add(proc: FloorProc, ref: FloorRef, ms: number): Deadline {
    const entry: Deadline = {
      at: performance.now() + ms,
      proc,
      ref,
      done: false,
    };
    this.#queue.push(entry);
    this.#timer ??= this.#arm(ms);
    return entry;
  }

  #fire = (): void => {
    this.#timer = undefined;
    const q = this.#queue, now = performance.now();
    while (
      this.#head < q.length && (q[this.#head].done || q[this.#head].at <= now)
    ) {
      const e = q[this.#head++];
      if (!e.done) e.proc.deliver({ type: "timeout", ref: e.ref });
    }
    if (this.#head === q.length) {
      this.#queue = [];
      this.#head = 0;
    } else {
      this.#timer = this.#arm(Math.max(0, q[this.#head].at - now));
    }
  };
}

const queues = new WeakMap<object, Deadlines>();

function deadlines(floor: object): Deadlines {
  let d = queues.get(floor);
  if (d === undefined) queues.set(floor, d = new Deadlines());
  return d;
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
