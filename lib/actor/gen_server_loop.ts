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
 * `system` terminate of `GenServer.stop` → `terminate`; `{:EXIT, parent, r}`
 * when trapping → `terminate` and exit `r`; anything else → `handleInfo`,
 * whose default logs the message as Elixir does and keeps the state.
 *
 * @module
 */

import {
  crash,
  ExitError,
  type ExitReason,
  isCrash,
  isExit,
  isQuiet,
} from "./exit_reason.ts";
import type {
  CallMessage,
  CastMessage,
  From,
  GenServerModule,
  OnStart,
  StopMessage,
} from "./gen_server_types.ts";
import { replyTo } from "./gen_server.ts";
import { formatException, inspect, inspectReason } from "./inspect.ts";
import type { Pid } from "./pid.ts";
import type { Proc } from "./process.ts";
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

interface Loop<S> {
  state: S;
  timeout: number;
  cont: unknown;
  /** The message being handled, for the crash report. */
  last: unknown;
}

/** The GenServer process body. */
export async function* serve<A, S>(
  self: Proc,
  o: ServeOptions<A, S>,
): AsyncGenerator<unknown, void, unknown> {
  self.parent = o.parent ?? self.pid;
  const ack = o.ack;
  let init;
  try {
    init = await o.module.init(o.arg, self);
  } catch (e) {
    const reason = e instanceof ExitError ? e.reason : crash(e);
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
  for (;;) {
    if (loop.cont !== NO_CONTINUE) {
      const arg = loop.cont;
      loop.cont = NO_CONTINUE;
      const pending = handle(
        self,
        o.module,
        loop,
        () => o.module.handleContinue!(arg, loop.state, self),
      );
      if (pending !== undefined) await pending;
      continue;
    }
    const msg = yield* self.receive(undefined, { after: loop.timeout });
    loop.last = msg === TIMEOUT ? "timeout" : msg;
    // Callbacks are usually synchronous: await only those that return a promise.
    const pending = dispatch(self, o.module, loop, msg);
    if (pending !== undefined) await pending;
  }
}

function dispatch<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  msg: unknown,
): Promise<void> | undefined {
  const kind = typeof msg === "object" && msg !== null
    ? (msg as { type?: unknown }).type
    : undefined;
  if (kind === "$gen_call") {
    const { from, request } = msg as CallMessage;
    if (module.handleCall === undefined) {
      return failed(
        self,
        module,
        loop,
        new Error(
          `attempted to call GenServer ${
            who(self)
          } but no handle_call/3 clause was provided`,
        ),
        from,
      );
    }
    return handle(
      self,
      module,
      loop,
      () => module.handleCall!(request, from, loop.state, self),
      from,
    );
  }
  if (kind === "$gen_cast") {
    const cast = (msg as CastMessage).msg;
    if (module.handleCast === undefined) {
      return failed(
        self,
        module,
        loop,
        new Error(
          `attempted to cast GenServer ${
            who(self)
          } but no handle_cast/2 clause was provided`,
        ),
      );
    }
    return handle(
      self,
      module,
      loop,
      () => module.handleCast!(cast, loop.state, self),
    );
  }
  if (kind === "system") {
    const { request } = msg as StopMessage;
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
  return handle(
    self,
    module,
    loop,
    () => module.handleInfo!(info, loop.state, self),
  );
}

type Result<S> = Awaited<
  ReturnType<NonNullable<GenServerModule<unknown, S>["handleCall"]>>
>;

/**
 * Runs one callback and applies its result. Synchronous callbacks are
 * handled at once; a promise is awaited.
 */
function handle<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  callback: () => Result<S> | Promise<Result<S>>,
  from?: From,
): Promise<void> | undefined {
  let r: Result<S> | Promise<Result<S>>;
  try {
    r = callback();
  } catch (e) {
    return failed(self, module, loop, e, from);
  }
  if (r instanceof Promise) {
    return r.then(
      (v) => apply(self, module, loop, v, from),
      (e) => failed(self, module, loop, e, from),
    );
  }
  apply(self, module, loop, r, from);
}

function failed<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  error: unknown,
  from?: From,
): never {
  if (error instanceof ExitError) {
    return stop(self, module, loop, error.reason, from);
  }
  return stop(self, module, loop, crash(error), from);
}

function apply<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  r: Result<S>,
  from?: From,
): void {
  switch (r?.type) {
    case "reply":
      if (from !== undefined) replyTo(from, r.reply);
      return next(loop, r);
    case "noreply":
      return next(loop, r);
    case "stop":
      if ("reply" in r && from !== undefined) replyTo(from, r.reply);
      return stop(self, module, { ...loop, state: r.state }, r.reason, from);
  }
  return stop(self, module, loop, { bad_return_value: r }, from);
}

function next<S>(
  loop: Loop<S>,
  r: { state: S; timeout?: number; continue?: unknown },
): void {
  loop.state = r.state;
  loop.timeout = r.timeout ?? Infinity;
  loop.cont = "continue" in r ? r.continue : NO_CONTINUE;
}

/** Calls `terminate`, logs an abnormal exit as Elixir does, and exits. */
function stop<S>(
  self: Proc,
  module: GenServerModule<unknown, S>,
  loop: Loop<S>,
  reason: ExitReason,
  caller?: From,
): never {
  let why = reason;
  try {
    module.terminate?.(reason, loop.state, self);
  } catch (e) {
    why = e instanceof ExitError ? e.reason : crash(e);
  }
  if (!isQuiet(why)) report(self, loop, why, caller);
  throw new ExitError(why);
}

function report<S>(
  self: Proc,
  loop: Loop<S>,
  reason: ExitReason,
  caller?: From,
): void {
  const lines = [`GenServer ${who(self)} terminating`];
  lines.push(
    isCrash(reason)
      ? formatException(reason.error)
      : `** (stop) ${inspectReason(reason)}`,
  );
  const last = typeof loop.last === "object" && loop.last !== null &&
      (loop.last as CallMessage).type === "$gen_call"
    ? (loop.last as CallMessage).request
    : loop.last;
  lines.push(
    caller === undefined
      ? `Last message: ${inspect(last)}`
      : `Last message (from ${caller.pid}): ${inspect(last)}`,
  );
  lines.push(`State: ${inspect(loop.state)}`);
  if (caller !== undefined) {
    lines.push(
      `Client ${caller.pid} is ${self.alive(caller.pid) ? "alive" : "dead"}`,
    );
  }
  self.rt.log("error", lines.join("\n"));
}

function who(self: Proc): string {
  return self.name === undefined ? String(self.pid) : inspectReason(self.name);
}
