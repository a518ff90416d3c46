/**
 * The Node implementation of the platform layer, for the single-executable
 * build: output, colors and shutdown signals on `process` (sockets are in
 * lib/net/node_tcp.ts).
 *
 * @module
 */

import { writeSync } from "node:fs";
import process from "node:process";
import {
  type Platform,
  reportUncaught,
  type UncaughtHandler,
  type UncaughtOrigin,
} from "./platform.ts";

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
  stdout: {
    write: (data) =>
      new Promise((resolve, reject) =>
        process.stdout.write(
          data,
          (e) => e ? reject(e) : resolve(data.length),
        )
      ),
    writeSync: (data) => writeSync(1, data),
  },
  onExit(handler) {
    // "exit" also follows an uncaught error (a listener on
    // "uncaughtException" would keep the program running instead).
    const listener = () => handler();
    process.on("exit", listener);
    return () => void process.off("exit", listener);
  },
};

/** The part of Node's `process` that {@linkcode onUncaught} uses. */
export interface UncaughtEmitter {
  on(
    event: string,
    listener: (error: unknown, origin?: unknown) => void,
  ): unknown;
  off(
    event: string,
    listener: (error: unknown, origin?: unknown) => void,
  ): unknown;
}

/**
 * Installs `handler` for the errors no one handled: listeners for Node's
 * `unhandledRejection` and `uncaughtException` on `host`, whose presence
 * alone stops Node printing the error and exiting 1, so the program keeps
 * running.
 *
 * @param handler told of each error and how it surfaced
 * @param host `process`, but in tests
 * @returns a function that uninstalls the handler
 */
export function onUncaught(
  handler: UncaughtHandler,
  host: UncaughtEmitter = process,
): () => void {
  const rejection = (reason: unknown) => report(handler, reason, "rejection");
  // With --unhandled-rejections=strict, rejections arrive here, so tagged.
  const exception = (error: unknown, origin?: unknown) =>
    report(
      handler,
      error,
      origin === "unhandledRejection" ? "rejection" : "exception",
    );
  host.on("unhandledRejection", rejection);
  host.on("uncaughtException", exception);
  return () => {
    host.off("unhandledRejection", rejection);
    host.off("uncaughtException", exception);
  };
}

function report(
  handler: UncaughtHandler,
  error: unknown,
  origin: UncaughtOrigin,
): void {
  reportUncaught(handler, error, origin, nodePlatform.printError);
}
