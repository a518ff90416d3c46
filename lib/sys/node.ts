/**
 * The Node implementation of the platform layer, for the single-executable
 * build: output, colors and shutdown signals on `process` (sockets are in
 * lib/net/node_tcp.ts).
 *
 * @module
 */

import process from "node:process";
import type { Platform } from "./platform.ts";

/** The platform on Node. */
export const nodePlatform: Platform = {
  print: (text) => void process.stdout.write(text),
  printError: (text) => void process.stderr.write(text),
  get color() {
    return process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  },
  onShutdown(handler) {
    const signals = ["SIGINT", "SIGTERM"] as const;
    const listeners = signals.map((signal) => {
      const listener = () => handler(signal);
      process.on(signal, listener);
      return listener;
    });
    return () => signals.forEach((s, i) => process.off(s, listeners[i]));
  },
};
