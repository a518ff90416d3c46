/**
 * The actor runtime: processes on async generators with the BEAM's
 * semantics (links, monitors, exit signals, trap_exit, a registry) and
 * GenServer.
 *
 * @module
 */

export { type Clock, ManualClock, realClock } from "./clock.ts";
export {
  type Crash,
  crash,
  type Down,
  ErlangError,
  type Exit,
  ExitError,
  type ExitReason,
  isCrash,
  isDown,
  isExit,
  isQuiet,
  Tuple,
} from "./exit_reason.ts";
export {
  formatException,
  formatExit,
  inspect,
  inspectReason,
} from "./inspect.ts";
export {
  type Info,
  type InfoItem,
  type InfoList,
  type InfoPair,
  type MonitorEntry,
  processInfo,
} from "./info.ts";
export {
  consoleLogger,
  DEFAULT_FORMAT,
  formatEntry,
  formatUncaught,
  type Level,
  type Logger,
  type LoggerConfig,
  memoryLogger,
  type Metadata,
  type Uncaught,
} from "./logger.ts";
export { Pid, Port, type PortCloser, type PortOptions, Ref } from "./pid.ts";
export {
  PortApi,
  type PortDown,
  type PortInfo,
  type PortInfoItem,
} from "./port.ts";
export {
  ArgumentError,
  type Body,
  type DemonitorOptions,
  type Dest,
  type Self,
  type Spawned,
  type SpawnOptions,
  type Status,
} from "./process.ts";
export {
  _,
  anyOf,
  GUARD,
  type Guard,
  match,
  type Matched,
  type Pattern,
  when,
} from "./pattern.ts";
export {
  type Call,
  type CallOf,
  type CastOf,
  type InfoOf,
  type PlainDest,
  PROTOCOL,
  type Protocol,
  REPLY,
  type ReplyOf,
  type ServerRef,
  serverRef,
  type StateOf,
} from "./protocol.ts";
export {
  type Marker,
  type Receive,
  type Receiver,
  TIMEOUT,
} from "./receive.ts";
export type { Awaiter } from "./awaiting.ts";
export type { Timer } from "./timers.ts";
export type { WAIT, YIELD } from "./receive.ts";
export type { Awaiting } from "./awaiting.ts";
export type { Blocking } from "./callback.ts";
export type { Deferred } from "./current.ts";
export { noreply, type Ok, ok, type Reply, reply, stop } from "./results.ts";
export { FunctionClauseError } from "./registry.ts";
export type {
  EventListener,
  RuntimeEvent,
  RuntimeEvents,
  RuntimeEventType,
} from "./events.ts";
export {
  logUncaught,
  Runtime,
  type RuntimeOptions,
  startRuntime,
} from "./runtime.ts";
export { DEFAULT_TIMEOUT } from "./gen_server.ts";
export { type CallHandlers, handleCalls } from "./call_handlers.ts";
export type * from "./gen_server_types.ts";
export * as Task from "./task.ts";
export * as Supervisor from "./supervisor.ts";
export type {
  ChildSource,
  ChildSpec,
  Restart,
  Shutdown,
  StartFun,
} from "./supervisor_spec.ts";
export type {
  SupervisorInit,
  SupervisorModule,
  SupervisorOptions,
} from "./supervisor.ts";
export type { Strategy } from "./supervisor_children.ts";
export * as GenServer from "./gen_server_verbs.ts";
export * as Process from "./process_verbs.ts";
