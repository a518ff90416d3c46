/**
 * The Deno implementation of the platform layer: the only module, with
 * lib/net, that calls `Deno.*`.
 *
 * @module
 */

import type { Platform } from "./platform.ts";

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
};
