/**
 * TCP on Deno: the only caller of `Deno.listen` and `Deno.connect`.
 *
 * 1. An accept that fails for want of descriptors (or another "not now")
 *    rejects with `AcceptError`: Deno's error (`code: "EMFILE"`) is
 *    catchable and the listener keeps working. Its `stack` is never read:
 *    Deno 2.9 panics (a `stacker` assertion) when, with no descriptor
 *    free, it must reread a module's compiled code to source-map a stack.
 * 2. A connection Deno accepted as the listener closed is closed at once:
 *    no one would own it.
 * 3. Accepted connections are counted until closed (`openConnections`).
 * 4. Reads take turns under load ({@linkcode fairRead}): when one turn
 *    of the event loop resumed a full budget of reads, the reads asked
 *    for in that turn start together one macrotask later, behind the
 *    ready reads Deno put off. Without it, under 500 keep-alive clients
 *    a set of connections is served over and over while the others wait
 *    (p99 0.8–1.5 s); with it, p99 65–170 ms (Deno.serve's: 15 ms).
 *
 * @module
 */

import {
  acceptError,
  ConnectionRefusedError,
  counted,
  ListenerClosedError,
  PortInUseError,
  type Tcp,
} from "./tcp.ts";
import type { Connection, Listener } from "./tcp.ts";

/**
 * Reads one turn may resume before Deno starts putting ready reads off:
 * its async ops are polled by one tokio task, whose coop budget (128 I/O
 * operations per poll) runs out; the reads left are woken only after the
 * sockets that became readable since, so a busy set of connections
 * (those just answered, whose next request is already in) is served
 * again and again while the rest wait, for seconds.
 */
const TURN_BUDGET = 128;
let resumed = 0; // reads resumed in this turn
let turnEnding = false;
let saturated = false; // the last turn with reads resumed a full budget
let waiting: (() => void)[] = [];

function endTurn(): void {
  turnEnding = false;
  saturated = resumed >= TURN_BUDGET;
  resumed = 0;
}

function countRead(n: number | null): number | null {
  resumed++;
  if (!turnEnding) {
    turnEnding = true;
    queueMicrotask(endTurn); // after this turn's resumed reads, before their callers
  }
  return n;
}

function startWaiting(): void {
  const started = waiting;
  waiting = [];
  for (const start of started) start();
}

/**
 * @internal `conn.read`, taking its turn: after a turn that resumed
 * {@linkcode TURN_BUDGET} reads, the reads it asks for start in one
 * macrotask, once the reads Deno put off have come first.
 */
export function fairRead(
  conn: Pick<Deno.Conn, "read">,
  buffer: Uint8Array,
): Promise<number | null> {
  if (!saturated) return conn.read(buffer).then(countRead);
  if (waiting.length === 0) setTimeout(startWaiting, 0);
  return new Promise<void>((start) => waiting.push(start))
    .then(() => conn.read(buffer)).then(countRead);
}

/** An accepted `Deno.Conn`, counted until its first close. */
class DenoConnection implements Connection {
  readonly close: () => void;

  constructor(readonly conn: Deno.Conn) {
    this.close = counted(() => conn.close());
  }

  read(buffer: Uint8Array): Promise<number | null> {
    return fairRead(this.conn, buffer);
  }

  write(data: Uint8Array): Promise<number> {
    return this.conn.write(data);
  }

  closeWrite(): Promise<void> {
    return this.conn.closeWrite();
  }
}

function listening(inner: Deno.TcpListener): Listener {
  let closed = false;
  return {
    port: (inner.addr as Deno.NetAddr).port,
    accept: async () => {
      let conn: Deno.TcpConn;
      try {
        conn = await inner.accept();
      } catch (e) {
        throw closed ? new ListenerClosedError() : acceptError(e);
      }
      if (closed) {
        conn.close(); // accepted by Deno as we closed: it would be nobody's
        throw new ListenerClosedError();
      }
      conn.setNoDelay(true); // one write per response: send it now
      return new DenoConnection(conn);
    },
    close: () => {
      if (closed) return;
      closed = true;
      inner.close();
    },
  };
}

/** `Deno.listen` and `Deno.connect` behind {@linkcode Tcp}. */
export const denoTcp: Tcp = {
  listen(port, hostname) {
    try {
      const inner = Deno.listen({ port, hostname, transport: "tcp" });
      return Promise.resolve(listening(inner));
    } catch (e) {
      if (e instanceof Deno.errors.AddrInUse) {
        return Promise.reject(new PortInUseError(port));
      }
      return Promise.reject(e);
    }
  },
  async connect(port, hostname) {
    try {
      return await Deno.connect({ port, hostname });
    } catch (e) {
      // A listener closed a moment ago resets instead of refusing: same fact.
      if (
        e instanceof Deno.errors.ConnectionRefused ||
        e instanceof Deno.errors.ConnectionReset
      ) throw new ConnectionRefusedError(port);
      throw e;
    }
  },
};
