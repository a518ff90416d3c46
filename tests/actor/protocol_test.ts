import assert from "node:assert/strict";
import {
  type Call,
  type CallHandlers,
  type CallOf,
  ExitError,
  GenServer,
  type GenServerModule,
  handleCalls,
  inspect,
  type ModuleOf,
  noreply,
  ok,
  type Receive,
  reply,
  type ReplyOf,
  serverRef,
  type StateOf,
} from "../../lib/actor/mod.ts";
import { testRuntime } from "../_support.ts";

/** The Elixir docs' Stack, with its protocol declared once. */
interface StackProtocol {
  calls: Call<{ type: "pop" }, string> | Call<{ type: "size" }, number>;
  casts: { type: "push"; element: string };
  state: string[];
}

const Stack: GenServerModule<string[], string[], StackProtocol> = {
  name: "Stack",
  init: (elements) => ok(elements),
  handleCall(request, _from, state) {
    switch (request.type) {
      case "pop": {
        const [head, ...tail] = state;
        return reply(head, tail);
      }
      case "size":
        return reply(state.length, state);
    }
  },
  handleCast: (msg, state) => noreply([msg.element, ...state]),
};

const stack = serverRef<StackProtocol>("stack");

Deno.test("GenServer.call/2 to a ServerRef: the reply has the request's reply type, the server gets the request narrowed", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    yield* GenServer.start(self, Stack, ["a"], { name: "stack" });
    GenServer.cast(self, stack, { type: "push", element: "b" });
    const size: number = yield* GenServer.call(self, stack, { type: "size" });
    const top: string = yield* GenServer.call(self, stack, { type: "pop" });
    const state: string[] = yield* GenServer.getState(self, stack);
    return { size, top, state };
  });
  assert.deepEqual(got, { size: 2, top: "b", state: ["a"] });
});

Deno.test("serverRef/1 of a pid: a typed pid, the pid itself at run time", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    const started = yield* GenServer.start(self, Stack, ["x", "y"]);
    if (started === "ignore" || started.type !== "ok") throw started;
    const ref = serverRef<StackProtocol>(started.pid);
    assert.equal(ref, started.pid);
    return yield* GenServer.call(self, ref, { type: "pop" });
  });
  assert.equal(got, "x");
});

Deno.test("GenServer.start/3 of a module with a protocol: its pid is typed, so calls to it are too", async () => {
  await using rt = testRuntime();
  const got = await rt.run(function* () {
    const started = yield* GenServer.start(Stack, ["x", "y"]);
    if (started === "ignore" || started.type !== "ok") throw started;
    const size: number = yield* GenServer.call(started.pid, { type: "size" });
    const top: string = yield* GenServer.call(started.pid, { type: "pop" });
    // @ts-expect-error: not one of Stack's calls
    GenServer.call(started.pid, { type: "peek" });
    // @ts-expect-error: a pop's reply is a string
    const wrong: number = yield* GenServer.call(started.pid, { type: "pop" });
    return { size, top, wrong };
  });
  assert.deepEqual(got, { size: 2, top: "x", wrong: "y" });
});

Deno.test("GenServer.call/3 to an untyped server: unchanged, the caller names the reply", async () => {
  await using rt = testRuntime();
  const Echo: GenServerModule = {
    name: "Echo",
    init: () => ok(undefined),
    handleCall: (request, _from, state) => reply(request, state),
  };
  const got = await rt.run(async function* (self) {
    yield* GenServer.start(self, Echo, undefined, { name: "echo" });
    return yield* GenServer.call<string, string>(self, "echo", "hi");
  });
  assert.equal(got, "hi");
});

/**
 * Type-level rules: `deno check` runs over this file, so each
 * `@ts-expect-error` must be an error, and the others must not be.
 * Never called: only type-checked.
 */
function* _typeRules(self: Parameters<typeof Stack.init>[1]) {
  // @ts-expect-error an unknown request
  GenServer.call(self, stack, { type: "peek" });
  // @ts-expect-error a request missing a field of its call
  GenServer.call(self, serverRef<Keyed>("k"), { type: "get" });
  // @ts-expect-error a cast is not a call
  GenServer.call(self, stack, { type: "push", element: "c" });
  // @ts-expect-error a call is not a cast
  GenServer.cast(self, stack, { type: "pop" });
  // @ts-expect-error Keyed declares no casts: it takes none
  GenServer.cast(self, serverRef<Keyed>("k"), { type: "get", key: "a" });
  // @ts-expect-error a ServerRef is not a plain name: no reply type to name
  GenServer.call<{ type: "pop" }, number>(self, stack, { type: "pop" });
  // @ts-expect-error the reply assigned to the wrong type
  const wrong: number = yield* GenServer.call(self, stack, { type: "pop" });
  // @ts-expect-error the state assigned to the wrong type
  const state: number = yield* GenServer.getState(self, stack);
  const pop: Receive<string> = GenServer.call(self, stack, { type: "pop" });
  const any: ReplyOf<StackProtocol> = Math.random() > 0.5 ? "s" : 1;
  const req: CallOf<StackProtocol> = { type: "size" };
  const either: Receive<string | number> = GenServer.call(self, stack, req);
  const st: StateOf<StackProtocol> = ["s"];
  return [wrong, state, pop, any, either, st];
}

interface Keyed {
  calls: Call<{ type: "get"; key: string }, number>;
}

const _BadReply: GenServerModule<undefined, number, Keyed> = {
  name: "BadReply",
  init: () => ok(0),
  // @ts-expect-error a reply of a type no call of the protocol has
  handleCall(request, _from, state) {
    const key: string = request.key; // the request is the protocol's call
    return reply(key, state);
  },
};

const _Narrowed: ModuleOf<StackProtocol> = {
  name: "Narrowed",
  init: () => ok([]),
  handleCall(request, _from, state) {
    // @ts-expect-error `element` is a cast's field, not a call's
    return reply(request.element, state);
  },
};

/** The Stack again, one handler per call, as Elixir writes one clause each. */
const ClauseStack: ModuleOf<StackProtocol, string[]> = {
  name: "ClauseStack",
  init: (elements) => ok(elements),
  handleCall: handleCalls<StackProtocol>({
    pop: (_request, _from, [head, ...tail]) => reply(head, tail),
    size: (_request, _from, state) => reply(state.length, state),
  }),
};

Deno.test("handleCalls/1: each call runs its own handler; no handler for the request raises FunctionClauseError, as handle_call/3 without a matching clause", async () => {
  await using rt = testRuntime();
  const got = await rt.run(async function* (self) {
    yield* GenServer.start(self, ClauseStack, ["a", "b"], { name: "clauses" });
    const ref = serverRef<StackProtocol>("clauses");
    const size = yield* GenServer.call(self, ref, { type: "size" });
    const top = yield* GenServer.call(self, ref, { type: "pop" });
    try {
      yield* GenServer.call(self, "clauses", { type: "peek" });
      return { size, top, exit: "none" };
    } catch (e) {
      if (!(e instanceof ExitError)) throw e;
      return { size, top, exit: inspect(e.reason) };
    }
  });
  assert.equal(got.size, 2);
  assert.equal(got.top, "a");
  assert.match(got.exit, /FunctionClauseError/);
  assert.match(got.exit, /no function clause matching in handle_call\/3/);
});

const _badClause: CallHandlers<StackProtocol> = {
  // @ts-expect-error each handler replies with its own call's type
  pop: (_request, _from, state) => reply(state.length, state),
  size: (_request, _from, state) => reply(state.length, state),
};

// @ts-expect-error every call of the protocol needs its handler
const _missingClause: CallHandlers<StackProtocol> = {
  size: (_request, _from, state) => reply(state.length, state),
};

interface Ticker {
  infos: { type: "tick"; n: number };
  state: number;
}

const _InfoTyped: ModuleOf<Ticker> = {
  name: "Ticker",
  init: () => ok(0),
  handleInfo(msg, state) {
    // @ts-expect-error the protocol's only info is a tick
    if (msg.type === "tock") return noreply(state);
    return noreply(state + msg.n);
  },
};
