/**
 * Observer test helpers: `servy serve --port N --observer 0` in process,
 * with the ports and the token read from what it prints.
 *
 * @module
 */

import { main } from "../../lib/cli/mod.ts";
import { request } from "../../lib/http/client.ts";
import { freePort } from "../_support.ts";
import { capture } from "../cli/_cli.ts";

/** A running `servy serve --observer`. */
export interface Served {
  out: () => string;
  appPort: number;
  observerPort: number;
  token: string;
  url: string;
  /** Sends SIGINT and waits for the exit code. */
  stop(): Promise<number>;
}

/** Starts `servy serve --port N --observer 0` and waits for it to be up. */
export async function serveWithObserver(): Promise<Served> {
  const p = capture();
  // A fixed app port: a restarted HttpServer listens on the same one.
  const port = String(freePort());
  const exit = main(["serve", "--port", port, "--observer", "0"], p);
  for (let i = 0; i < 500 && !p.out.includes("Press Ctrl-C"); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const url = /^Observer: (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\w+))$/m
    .exec(p.out);
  const app = /Listening for connection requests on port (\d+)/.exec(p.out);
  if (url === null || app === null) throw new Error(`Not up:\n${p.out}`);
  return {
    out: () => p.out,
    appPort: Number(app[1]),
    observerPort: Number(url[2]),
    token: url[3],
    url: url[1],
    stop: () => {
      p.signal("SIGINT");
      return exit;
    },
  };
}

/** A raw request to the observer; `Host` is its own unless given. */
export function ask(
  s: Served,
  head: string,
  body = "",
): Promise<string> {
  const host = /\r\nHost:/i.test(head)
    ? ""
    : `Host: 127.0.0.1:${s.observerPort}\r\n`;
  const length = body === ""
    ? ""
    : `Content-Length: ${new TextEncoder().encode(body).length}\r\n`;
  return request(s.observerPort, `${head}\r\n${host}${length}\r\n${body}`);
}

/** The body of a raw response. */
export function bodyOf(response: string): string {
  return response.slice(response.indexOf("\r\n\r\n") + 4);
}
