/**
 * The Servy app at the "Another GenServer" lesson: the HTTP server process,
 * its handler, and KickStarter at each step.
 *
 * @module
 */

export { handle } from "./handler.ts";
export { type Console, type HttpServerOptions, start } from "./http_server.ts";
export * as KickStarter from "./kick_starter.ts";
