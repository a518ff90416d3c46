/**
 * The observer's routes:
 *
 * 1. `GET /` (and its assets), `GET /api/snapshot`, `GET /api/process/:id`
 *    (`Process.info` items, the state, the mailbox, printed by `inspect`),
 *    `GET /api/events` (the event stream, see stream.ts). `HEAD` too.
 * 2. `POST /api/exit` `{"pid", "reason"}`: `Process.exit(pid, reason)`;
 *    `POST /api/send` `{"pid", "message"}`: `send(pid, message)`, the
 *    message parsed as JSON, else sent as the text (an atom). Both need
 *    the `X-Observer-Token` header: a page of another origin cannot set it
 *    without a CORS preflight, which the observer never grants (CSRF).
 * 3. A `Host` that is not the observer's own address and port is refused
 *    with 403 (DNS rebinding), as is a POST whose `Origin` is another's.
 * 4. Other methods get 405 with `Allow`; other paths 404; a pid the app
 *    does not have (or an observer's own) 404; bad JSON or a reason that
 *    is not an atom 400.
 *
 * @module
 */

import { inspect, type Pid, processInfo, type Self } from "../actor/mod.ts";
import { viewProcess } from "../actor/observe.ts";
import type { Conv } from "../http/mod.ts";
import { ASSETS } from "./assets.ts";
import { type Answer, json, text } from "./http.ts";
import { type ProcessJson, snapshot, stateOf } from "./snapshot.ts";
import type { Tracker } from "./tracker.ts";

/** What the routes need. */
export interface Context {
  tracker: Tracker;
  token: string;
  /** The `Host` values accepted: `127.0.0.1:4001`, `localhost:4001`... */
  hosts: ReadonlySet<string>;
  /** Each GenServer's kind, learnt once (snapshot.ts). */
  kinds: Map<Pid, ProcessJson["kind"]>;
}

/** An exit reason the page may send: an atom. */
const ATOM = /^[a-z][A-Za-z0-9_]{0,63}$/;

const READ = "GET, HEAD";

const ITEMS = [
  "registered_name",
  "status",
  "message_queue_len",
  "links",
  "monitors",
  "monitored_by",
  "trap_exit",
] as const;

/**
 * Answers one request.
 *
 * @param self the connection's process
 * @param ctx tracker, token, hosts
 * @param conv the request
 * @returns the answer, or `"events"` for the event stream
 */
export async function* route(
  self: Self,
  ctx: Context,
  conv: Conv,
): AsyncGenerator<unknown, Answer | "events", unknown> {
  const host = conv.headers["host"] ?? "";
  if (!ctx.hosts.has(host.toLowerCase())) {
    return text(403, `Host "${host}" is not this observer`);
  }
  const get = conv.method === "GET" || conv.method === "HEAD";
  const asset = ASSETS[conv.path];
  if (asset !== undefined) {
    return get ? { status: 200, ...asset } : notAllowed(READ);
  }
  if (conv.path === "/api/events") return get ? "events" : notAllowed(READ);
  if (conv.path === "/api/snapshot") {
    if (!get) return notAllowed(READ);
    return json(200, yield* snapshot(self, ctx.tracker, ctx.kinds));
  }
  const detail = /^\/api\/process\/(\d{1,9})$/.exec(conv.path);
  if (detail !== null) {
    if (!get) return notAllowed(READ);
    return yield* processDetail(self, ctx, Number(detail[1]));
  }
  if (conv.path === "/api/exit" || conv.path === "/api/send") {
    if (conv.method !== "POST") return notAllowed("POST");
    return control(self, ctx, conv);
  }
  return text(404, `No route for ${conv.path}`);
}

function notAllowed(allow: string): Answer {
  return { ...text(405, "Method not allowed"), headers: { Allow: allow } };
}

async function* processDetail(
  self: Self,
  ctx: Context,
  id: number,
): AsyncGenerator<unknown, Answer, unknown> {
  const pid = ctx.tracker.lookup(id);
  const view = pid === undefined ? undefined : viewProcess(pid);
  if (pid === undefined || view === undefined) {
    return text(404, `No process #PID<0.${id}.0>`);
  }
  const got = yield* stateOf(self, pid);
  // As iex prints `Process.info(pid, [...])`, one item a line.
  const items =
    processInfo(pid, ITEMS)?.map((pair) => inspect([pair]).slice(1, -1)) ?? [];
  return json(200, {
    pid: `${pid}`,
    name: ctx.tracker.name(pid),
    info: items,
    state: got === undefined ? null : inspect(got.state),
    messages: self.info(pid, "messages")?.slice(0, 20).map((m) => inspect(m)),
  });
}

function control(self: Self, ctx: Context, conv: Conv): Answer {
  const origin = conv.headers["origin"];
  if (
    origin !== undefined && !ctx.hosts.has(origin.replace(/^http:\/\//, ""))
  ) {
    return text(403, `Origin "${origin}" may not control this observer`);
  }
  if (!sameToken(conv.headers["x-observer-token"] ?? "", ctx.token)) {
    return text(403, "Missing or wrong X-Observer-Token");
  }
  let body: { pid?: unknown; reason?: unknown; message?: unknown };
  try {
    body = JSON.parse(conv.body);
  } catch {
    return text(400, "The body is not JSON");
  }
  if (typeof body !== "object" || body === null) {
    return text(400, "The body is not a JSON object");
  }
  const id = pidId(body.pid);
  const pid = id === undefined ? undefined : ctx.tracker.lookup(id);
  if (pid === undefined) return text(404, `No process ${inspect(body.pid)}`);
  if (conv.path === "/api/exit") {
    const reason = body.reason;
    if (typeof reason !== "string" || !ATOM.test(reason)) {
      return text(400, `Cannot exit with ${inspect(reason)}: not an atom`);
    }
    self.exit(pid, reason);
    return json(200, { ok: true, line: `Process.exit(${pid}, :${reason})` });
  }
  if (typeof body.message !== "string" || body.message.length > 4096) {
    return text(400, "The message must be a string of at most 4096 chars");
  }
  const message = parseMessage(body.message);
  self.send(pid, message);
  return json(200, { ok: true, line: `send(${pid}, ${inspect(message)})` });
}

/** `"#PID<0.102.0>"`, `"0.102.0"`, `"102"` or `102`: the serial number. */
function pidId(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  }
  if (typeof value !== "string") return undefined;
  const m = /^(?:#PID<0\.(\d{1,9})\.0>|0\.(\d{1,9})\.0|(\d{1,9}))$/.exec(value);
  return m === null ? undefined : Number(m[1] ?? m[2] ?? m[3]);
}

function parseMessage(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Compares in time independent of where they differ. */
function sameToken(given: string, token: string): boolean {
  if (given.length !== token.length) return false;
  let diff = 0;
  for (let i = 0; i < token.length; i++) {
    diff |= given.charCodeAt(i) ^ token.charCodeAt(i);
  }
  return diff === 0;
}
