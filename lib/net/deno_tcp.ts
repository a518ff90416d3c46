/**
 * TCP on Deno: the only caller of `Deno.listen` and `Deno.connect`.
 *
 * @module
 */

import { ConnectionRefusedError, PortInUseError, type Tcp } from "./tcp.ts";

/** `Deno.listen` and `Deno.connect` behind {@linkcode Tcp}. */
export const denoTcp: Tcp = {
  listen(port, hostname) {
    let inner: Deno.TcpListener;
    try {
      inner = Deno.listen({ port, hostname, transport: "tcp" });
    } catch (e) {
      if (e instanceof Deno.errors.AddrInUse) {
        return Promise.reject(new PortInUseError(port));
      }
      return Promise.reject(e);
    }
    return Promise.resolve({
      port: (inner.addr as Deno.NetAddr).port,
      accept: async () => {
        const conn = await inner.accept();
        conn.setNoDelay(true); // one write per response: send it now
        return conn;
      },
      close: () => inner.close(),
    });
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
