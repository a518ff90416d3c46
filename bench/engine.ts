/**
 * What the runtime bench's workloads need of an engine (servy, or the floor
 * of floor_scheduler.ts), so that both run the very same bodies: the
 * process API a body uses (`self.pid`, `spawn`, `send`, `receive`,
 * `monitor`), and the few things done from outside a process.
 *
 * @module
 */

/** What `yield*` delegates to: a receive, in either kind of body. */
export type Rx =
  & Iterable<unknown, unknown, unknown>
  & AsyncIterable<unknown, unknown, unknown>;

/** A process body of either kind. */
export type AnyBody<A> = (
  self: A,
) =>
  | AsyncGenerator<unknown, unknown, unknown>
  | Generator<unknown, unknown, unknown>;

/** The process API the workloads' bodies use. */
export interface Actor<A> {
  readonly pid: unknown;
  spawn(body: AnyBody<A>): unknown;
  send(to: unknown, msg: unknown): unknown;
  receive(accept?: (msg: unknown) => boolean): Rx;
  monitor(pid: unknown): unknown;
}

/** An engine the workloads run on. */
export interface Engine<A extends Actor<A>> {
  /** Runs `body` in a process. @returns once it has exited */
  run(body: AnyBody<A>): Promise<unknown>;
  /** Spawns from outside any process. */
  spawn(body: AnyBody<A>): unknown;
  send(to: unknown, msg: unknown): void;
  /** @returns once every process waits in a receive */
  settled(): Promise<void>;
  /** Starts a server that replies `0` to every call. @returns what `yield*` gives its pid */
  startCounter(self: A): Iterable<unknown, unknown, unknown>;
  /** `GenServer.call(server, request)` from `self`, with the engine's default timeout. */
  call(self: A, server: unknown, request: unknown): Rx;
}
