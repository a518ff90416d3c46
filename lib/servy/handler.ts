/**
 * `Servy.Handler.handle/1`: the course's pipeline,
 * parse → rewritePath → log → route → track → formatResponse.
 * {@linkcode handler} runs the middle on a conv for the HTTP connection;
 * {@linkcode handle} is the whole thing, request text in, response text
 * out, as the course tests it. `HEAD` is logged as `HEAD` and routed as
 * `GET`; its response has the headers of the `GET` and no body.
 *
 * @module
 */

import type { Self } from "../actor/mod.ts";
import {
  type Conv,
  formatResponse,
  type Handler,
  HttpError,
  newConv,
  parse,
  respond,
} from "../http/mod.ts";
import { type Console, log, rewritePath, track } from "./plugins.ts";
import { route } from "./routes.ts";

/** Where the app reports. */
export interface AppOptions {
  /** Receives `track`'s warnings. */
  console?: Console;
  /** The access log: sees each conv before it is routed. */
  log?: (conv: Conv) => void;
}

/**
 * The Servy app as the connection's handler.
 *
 * @param options where it reports
 * @returns the handler
 */
export function handler(options: AppOptions = {}): Handler {
  return (self, conv) => {
    log(rewritePath(conv), options.log); // the access log sees HEAD as HEAD
    if (conv.method === "HEAD") conv.method = "GET"; // the body is left out later
    const routed = route(self, conv);
    if (!(Symbol.asyncIterator in routed)) {
      return track(self, routed, options.console);
    }
    return tracked(self, routed, options.console);
  };
}

/** A route that runs as steps of the process, then `track/1` on its conv. */
async function* tracked(
  self: Self,
  routed: AsyncGenerator<unknown, Conv, unknown>,
  console: Console | undefined,
): AsyncGenerator<unknown, Conv, unknown> {
  return track(self, yield* routed, console);
}

/**
 * `handle/1`: request text → response text, in the course's format
 * (`Content-Type` and `Content-Length` only). Bad input is answered with
 * its 4xx, as the server answers it.
 *
 * @param self the process handling the request
 * @param request the request text
 * @param options where the app reports
 * @returns the response text
 */
export async function* handle(
  self: Self,
  request: string,
  options: AppOptions = {},
): AsyncGenerator<unknown, string, unknown> {
  let conv: Conv;
  try {
    conv = parse(request);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const bad = respond(newConv("GET", "/", "HTTP/1.1"), e.status, e.message);
    return formatResponse(bad);
  }
  const omitBody = conv.method === "HEAD";
  const routed = handler(options)(self, conv);
  return formatResponse(
    Symbol.asyncIterator in routed ? yield* routed : routed,
    { omitBody },
  );
}
