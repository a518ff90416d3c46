/**
 * The server side of GenServer: the process body that runs `init`, acks
 * its starter, then receives forever and dispatches to the callbacks.
 *
 * `init`'s result, as `start` returns it (the process is gone, unlogged, in
 * every case but the first):
 * 1. `{ type: "ok", state }` → `{ type: "ok", pid }`;
 * 2. `{ type: "stop", reason }` → `{ type: "error", reason }`, exit `reason`;
 * 3. `"ignore"` → `"ignore"`, exit `:normal`;
 * 4. a raise → `{ type: "error", reason: {exception, stack} }`;
 * 5. `exit(r)` → `{ type: "error", reason: r }`;
 * 6. anything else → `{ type: "error", reason: {bad_return_value, value} }`.
 *
 * Messages: `$gen_call` → `handleCall`, `$gen_cast` → `handleCast`, the
 * `system` messages → `terminate` (`GenServer.stop`) or the state as the
 * reply (`GenServer.getState`, `:sys.get_state`); `{:EXIT, parent, r}`
 * when trapping → `terminate` and exit `r`; anything else → `handleInfo`,
 * whose default logs the message as Elixir does and keeps the state.
 *
 * Any callback may block (see callback.ts: a promise, or a generator that
 * `yield*`s to `GenServer.call`, `Task.await`, `receive`, `sleep`). While
 * it blocks, as in OTP:
 * 1. other messages wait in the mailbox, and are handled after it, in
 *    order (a `receive` inside the callback takes only what it matches);
 * 2. a call to this server waits its turn, and its caller's timeout runs;
 * 3. exit signals act at once: `kill` and, when not trapping, any abnormal
 *    reason end the server in the callback, without `terminate`; when
 *    trapping, the parent's EXIT waits in the mailbox and stops the server
 *    (with `terminate`) once the callback has returned;
 * 4. `terminate` runs where it would for a plain callback, and may block too;
 * 5. a call to its own server exits the callback, and so the server, with
 *    `{:calling_self, {GenServer, :call, [server, request, timeout]}}`.
 *
 * @module
 */

import { type Blocking, isPending, type Pending, wait } from "./callback.ts";
import { ExitError, isExit, Tuple } from "./exit_reason.ts";
import type {
  CallMessage,
  CallResult,
  CastMessage,
  From,
  GenServerModule,
  InitResult,
  OnStart,
  SystemMessage,
} from "./gen_server_types.ts";
import {
  type Loop,
  reasonOf,
  stop,
  type Terminating,
  who,
} from "./gen_server_stop.ts";
import { inspect, inspectReason } from "./inspect.ts";
import type { Pid } from "./pid.ts";
import type { Process as Proc } from "./process.ts";
import { TIMEOUT } from "./receive.ts";

/** What the server process needs from its starter. */
export interface ServeOptions<A, S> {
  module: GenServerModule<A, S>;
  arg: A;
  /** The `start_link` caller; for `start`, the server is its own parent. */
  parent: Pid | undefined;
  /** Answers the starter once `init` is done. */
  ack: (result: OnStart) => void;
}

const NO_CONTINUE: unique symbol = Symbol("no continue");

/** The rest of a callback that blocked, or of a `terminate` (it never returns). */
type Rest = Generator<unknown, void, unknown>;

/** The callback a message goes to. */
const CALL = 0, CAST = 1, INFO = 2, CONTINUE = 3;
type Kind = typeof CALL | typeof CAST | typeof INFO | typeof CONTINUE;

/**
 * The GenServer process body: a `function*`, stepped with no promise, so a
 * plain callback runs in the server's step and a `function*` one too.
 */
export function* serve<A, S>(
  self: Proc,
  o: ServeOptions<A, S>,
): Generator<unknown, void, unknown> {
  self.parent = o.parent ?? self.pid;
  const ack = o.ack;
  let init: Blocking<InitResult<S>>;
  try {
    init = o.module.init(o.arg, self);
    if (isPending(init)) init = yield* wait(self, init);
  } catch (e) {
    // Rethrown if killed meanwhile: the starter then gets the DOWN.
    const reason = reasonOf(self, e);
    ack({ type: "error", reason });
    throw new ExitError(reason);
  }
  if (init === "ignore") {
    ack("ignore");
    return;
  }
  if (init?.type === "stop") {
    ack({ type: "error", reason: init.reason });
    throw new ExitError(init.reason);
  }
  if (init?.type !== "ok") {
    const reason = { bad_return_value: init };
    ack({ type: "error", reason });
    throw new ExitError(reason);
  }
  ack({ type: "ok", pid: self.pid });
  const loop: Loop<S> = {
    state: init.state,
    timeout: init.timeout ?? Infinity,
    cont: "continue" in init ? init.continue : NO_CONTINUE,
    last: [],
  };
  const module = o.module as GenServerModule<unknown, S>;
  for (;;) {
    let rest: Rest | undefined;
    if (loop.cont !== NO_CONTINUE) {
      const arg = loop.cont;
      loop.cont = NO_CONTINUE;
      rest = handle(self, module, loop, CONTINUE, arg);
    } else {
      const msg = yield* self.receive(undefined, { after: loop.timeout });
      loop.last = msg === TIMEOUT ? "timeout" : msg;
      rest = dispatch(self, module, loop, msg);
    }
    // Callbacks are usually plain: only a blocking one leaves a rest to run.
    if (rest !== undefined) yield* rest;
  }
}

/** Sends the reply of a call, unless the caller stopped waiting for it. */
export function replyTo(from: From, reply: unknown): "ok" {
  const caller = from.pid.proc as Proc;
  if (caller.alias === from.tag) caller.deliver(new Tuple(from.tag, reply));
  return "ok";
}

function dispatch<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  msg: unknown,
): Rest | undefined {
  const kind = typeof msg === "object" && msg !== null
    ? (msg as { type?: unknown }).type
    : undefined;
  if (kind === "$gen_call") {
    const { from, request } = msg as CallMessage;
    if (module.handleCall === undefined) {
      return failed(self, module, loop, missing(self, "call"), from);
    }
    return handle(self, module, loop, CALL, request, from);
  }
  if (kind === "$gen_cast") {
    if (module.handleCast === undefined) {
      return failed(self, module, loop, missing(self, "cast"));
    }
    return handle(self, module, loop, CAST, (msg as CastMessage).msg);
  }
  if (kind === "system") {
    const { from, request } = msg as SystemMessage;
    if (request === "get_state") {
      replyTo(from, loop.state);
      return;
    }
    loop.last = []; // as sys:terminate reports it
    return stop(self, module, loop, request.terminate);
  }
  if (self.trapExit && isExit(msg) && msg.from === self.parent) {
    return stop(self, module, loop, msg.reason);
  }
  const info = msg === TIMEOUT ? "timeout" : msg;
  if (module.handleInfo === undefined) {
    self.rt.log(
      "error",
      `${inspectReason(module.name)} ${
        who(self)
      } received unexpected message in handle_info/2: ${inspect(info)}`,
    );
    return;
  }
  return handle(self, module, loop, INFO, info);
}

function missing(self: Proc, what: "call" | "cast"): Error {
  return new Error(
    `attempted to ${what} GenServer ${who(self)} but no handle_${what}/${
      what === "call" ? 3 : 2
    } clause was provided`,
  );
}

/**
 * Runs one callback and applies its result: at once if it is plain,
 * else in the rest it returns, which the loop delegates to.
 */
function handle<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  kind: Kind,
  arg: unknown,
  from?: From,
): Rest | undefined {
  let r: Blocking<CallResult<S>>;
  try {
    r = kind === CALL
      ? module.handleCall!(arg, from!, loop.state, self)
      : kind === CAST
      ? module.handleCast!(arg, loop.state, self)
      : kind === INFO
      ? module.handleInfo!(arg, loop.state, self)
      : module.handleContinue!(arg, loop.state, self);
  } catch (e) {
    return failed(self, module, loop, e, from);
  }
  if (isPending(r)) return resume(self, module, loop, r, from);
  return apply(self, module, loop, r, from);
}

function* resume<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  pending: Pending<CallResult<S>>,
  from?: From,
): Rest {
  let r: CallResult<S>;
  try {
    r = yield* wait(self, pending);
  } catch (e) {
    return yield* failed(self, module, loop, e, from);
  }
  const rest = apply(self, module, loop, r, from);
  if (rest !== undefined) yield* rest;
}

/** A callback raised or exited: the server stops with that reason. */
function failed<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  error: unknown,
  from?: From,
): Terminating {
  return stop(self, module, loop, reasonOf(self, error), from);
}

function apply<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  r: CallResult<S>,
  from?: From,
): Terminating | undefined {
  switch (r?.type) {
    case "reply":
      if (from !== undefined) replyTo(from, r.reply);
      return next(loop, r);
    case "noreply":
      return next(loop, r);
    case "stop":
      if ("reply" in r && from !== undefined) replyTo(from, r.reply);
      loop.state = r.state;
      return stop(self, module, loop, r.reason, from);
  }
  return stop(self, module, loop, { bad_return_value: r }, from);
}

function next<S>(
  loop: Loop<S>,
  r: { state: S; timeout?: number; continue?: unknown },
): undefined {
  loop.state = r.state;
  loop.timeout = r.timeout ?? Infinity;
  loop.cont = "continue" in r ? r.continue : NO_CONTINUE;
  return undefined;
}
