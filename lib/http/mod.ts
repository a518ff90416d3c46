/**
 * HTTP/1.1 on the actor runtime: the course's `Conv`, its parser and
 * response formatter, and the connection process that reads requests off a
 * socket and answers them.
 *
 * @module
 */

export {
  type ConnectionOptions,
  type Handler,
  serveConnection,
  type Socket,
  type Trace,
} from "./connection.ts";
export {
  ConnectionTable,
  type Entry,
  MAX_TURNED_AWAY,
  type Phase,
} from "./connection_table.ts";
export { turnAway, type TurnAwayOptions } from "./turn_away.ts";
export { type Conv, newConv, respond, target } from "./conv.ts";
export { DEFAULT_LIMITS, type HttpLimits } from "./limits.ts";
export { HttpError, METHODS, parse, withBody } from "./parser.ts";
export { type ByteSource, RequestReader } from "./request_reader.ts";
export {
  byteLength,
  formatResponse,
  httpDate,
  type ResponseOptions,
} from "./response.ts";
export { fullStatus, reason } from "./status.ts";
export { request } from "./client.ts";
export { accessLog } from "./access_log.ts";
export {
  discardedReport,
  LogBuffer,
  type LogBufferOptions,
  MAX_LOG_BYTES,
  type OutputDevice,
} from "./log_buffer.ts";
