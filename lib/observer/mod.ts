/**
 * The servy observer: the live process tree of a running runtime in the
 * browser, as Erlang's `:observer.start()` shows it, with exit signals and
 * messages to send, the timeline of events and the request rate.
 *
 * @module
 */

export {
  type Observer,
  type ObserverOptions,
  READ_MS,
  startObserver,
} from "./server.ts";
export { type Sample, Tracker } from "./tracker.ts";
export { type ProcessJson } from "./snapshot.ts";
export { type Entry } from "./timeline.ts";
