/**
 * The Deno implementation of the platform layer: the only module, with
 * lib/net, that calls `Deno.*`.
 *
 * @module
 */

import { lineInput } from "./lines.ts";
import {
  type LineInput,
  type Platform,
  reportUncaught,
  type UncaughtHandler,
  type UncaughtOrigin,
} from "./platform.ts";

const encoder = new TextEncoder();

/** The platform on Deno. */
export const denoPlatform: Platform = {
  print: (text) => void Deno.stdout.writeSync(encoder.encode(text)),
  printError: (text) => void Deno.stderr.writeSync(encoder.encode(text)),
  get color() {
    return Deno.stdout.isTerminal() && Deno.env.get("NO_COLOR") === undefined;
  },
  onShutdown(handler) {
    const signals = ["SIGINT", "SIGTERM"] as const;
    const listeners = signals.map((signal) => {
      const listener = () => handler(signal);
      Deno.addSignalListener(signal, listener);
      return listener;
    });
    return () =>
      signals.forEach((s, i) => Deno.removeSignalListener(s, listeners[i]));
  },
  stdout: {
    write: (data) => Deno.stdout.write(data),
    writeSync: (data) => Deno.stdout.writeSync(data),
  },
  stdin: denoLineInput(
    () => Deno.stdin.readable,
    () => Deno.stdin.isTerminal(),
  ),
  onExit(handler) {
    const listener = () => handler();
    for (const event of EXIT_EVENTS) addEventListener(event, listener);
    return () => {
      for (const event of EXIT_EVENTS) removeEventListener(event, listener);
    };
  },
};

/**
 * Lines from a byte stream, Deno's stdin by default. The stream is taken
 * at the first read (reading stdin needs no permission); closing cancels
 * it, which ends a pending read on a terminal at once (on a pipe, Deno
 * still waits for the pipe's next bytes).
 *
 * @param readable the stream, asked for at the first read
 * @param isTerminal whether it is a terminal's
 * @returns the lines
 */
export function denoLineInput(
  readable: () => ReadableStream<Uint8Array>,
  isTerminal: () => boolean,
): LineInput {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return lineInput({
    get isTerminal() {
      return isTerminal();
    },
    async read() {
      reader ??= readable().getReader();
      const { done, value } = await reader.read();
      return done ? undefined : value;
    },
    cancel() {
      reader?.cancel().catch(() => {});
    },
  });
}

/** Deno dispatches `unload` on a normal end and on `Deno.exit`, the others before an uncaught error ends the program. */
const EXIT_EVENTS = ["unload", "error", "unhandledrejection"] as const;

/**
 * Installs `handler` for the errors no one handled: Deno's
 * `unhandledrejection` and `error` events on `target`, with their default
 * (print the error, exit 1) prevented, so the program keeps running.
 *
 * @example Logging them as Elixir logs a crash
 * ```ts ignore
 * import { logUncaught } from "../actor/mod.ts";
 * onUncaught(logUncaught());
 * ```
 * @param handler told of each error and how it surfaced
 * @param target where the events are dispatched; `globalThis` but in tests
 * @returns a function that uninstalls the handler
 */
export function onUncaught(
  handler: UncaughtHandler,
  target: EventTarget = globalThis,
): () => void {
  const rejection = (e: Event) => {
    e.preventDefault();
    report(handler, (e as PromiseRejectionEvent).reason, "rejection");
  };
  const exception = (e: Event) => {
    e.preventDefault();
    report(handler, (e as ErrorEvent).error, "exception");
  };
  target.addEventListener("unhandledrejection", rejection);
  target.addEventListener("error", exception);
  return () => {
    target.removeEventListener("unhandledrejection", rejection);
    target.removeEventListener("error", exception);
  };
}

function report(
  handler: UncaughtHandler,
  error: unknown,
  origin: UncaughtOrigin,
): void {
  reportUncaught(handler, error, origin, denoPlatform.printError);
}
