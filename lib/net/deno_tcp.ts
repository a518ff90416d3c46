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
 * 4. Reads take turns ({@linkcode readGate}, read_gate.ts): at most 24
 *    are in flight at once, so Deno's op task never puts ready reads off.
 *    Under 500 keep-alive clients p99 is 15–22 ms (Deno.serve's 9–14,
 *    a bare `Deno.listen` loop's 0.4–0.6 s) and no client waits 100 ms.
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
import { ReadGate } from "./read_gate.ts";
import { housekeeping } from "../sys/beat.ts";

/**
 * Reads in flight at once, well inside the 128 I/O operations Deno's op
 * task completes per poll: one turn's reads, the writes that answer them
 * and the accepts and log writes beside them must all fit. `wrk -c500` on
 * servy, interleaved runs: 24 gives p99 15–22 ms and max 20–41 ms, 40 p99
 * 19–30 ms and max 42–58 ms, 56 starves again (p99 1.3–1.6 s, as with no
 * limit); -c50 runs at the same speed with 16, 24 or 40. The price: -c500
 * serves 0.65–0.8x the requests of no limit, which serves the connections
 * that are ready again first.
 */
const READS_IN_FLIGHT = 24;
/**
 * @internal The turns every Deno connection's reads take. A read waiting
 * longer than one to two beats (5–10 ms) is a client between requests.
 * The sweeps ride servy's shared beat, with the access log's writes: one
 * host timer for both. They wait on it only while reads are counted,
 * which hold the process anyway.
 */
export const readGate: ReadGate = new ReadGate(
  READS_IN_FLIGHT,
  housekeeping.ms,
  (_ms, sweep) => housekeeping.next(sweep),
);

/** An accepted `Deno.Conn`, counted until its first close. */
class DenoConnection implements Connection {
  readonly close: () => void;

  constructor(readonly conn: Deno.Conn) {
    this.close = counted(() => conn.close());
  }

  read(buffer: Uint8Array): Promise<number | null> {
    return readGate.read(this.conn, buffer);
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
