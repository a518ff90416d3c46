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

/** An accepted `Deno.Conn`, counted until its first close. */
class DenoConnection implements Connection {
  readonly close: () => void;

  constructor(readonly conn: Deno.Conn) {
    this.close = counted(() => conn.close());
  }

  read(buffer: Uint8Array): Promise<number | null> {
    return this.conn.read(buffer);
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
