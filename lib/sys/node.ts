/**
 * The Node implementation of the platform layer, for the single-executable
 * build: output, input, colors and shutdown signals on `process` (sockets are in
 * lib/net/node_tcp.ts).
 *
 * @module
 */

import { writeSync } from "node:fs";
import process from "node:process";
import { lineInput } from "./lines.ts";
import {
  type LineInput,
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
  stdin: nodeLineInput(() => process.stdin),
  onExit(handler) {
    // "exit" also follows an uncaught error (a listener on
    // "uncaughtException" would keep the program running instead).
    const listener = () => handler();
    process.on("exit", listener);
    return () => void process.off("exit", listener);
  },
};

/** The part of Node's `process.stdin` that {@linkcode nodeLineInput} uses. */
export interface NodeInput {
  readonly isTTY?: boolean;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * Lines from a Node stream, `process.stdin` by default. The stream is
 * taken at the first use (Node makes `process.stdin` when first asked for);
 * it flows only while a read waits, and is paused between reads and once
 * closed, so that it never keeps Node running.
 *
 * @param stdin the stream, asked for at the first use
 * @returns the lines
 */
export function nodeLineInput(stdin: () => NodeInput): LineInput {
  let taken: NodeInput | undefined;
  const stream = () => (taken ??= stdin());
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  let ended = false;
  let listening = false;
  let wake: (() => void) | undefined;
  const woken = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const listen = () => {
    if (listening) return;
    listening = true;
    const input = stream();
    input.on("data", (chunk) => {
      chunks.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      input.pause();
      woken();
    });
    const end = () => {
      ended = true;
      woken();
    };
    input.on("end", end);
    input.on("close", end);
    input.on("error", end);
  };
  return lineInput({
    get isTerminal() {
      return stream().isTTY === true;
    },
    async read() {
      listen();
      while (chunks.length === 0 && !ended) {
        const arrived = new Promise<void>((r) => (wake = r));
        stream().resume();
        await arrived;
      }
      return chunks.shift();
    },
    cancel() {
      ended = true;
      taken?.pause();
      woken();
    },
  });
}

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
