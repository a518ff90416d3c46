/**
 * The Servy app at the course's KickStarter lesson: the HTTP server, the
 * request pipeline and its routes, the services, and KickStarter.
 *
 * @module
 */

export { type AppOptions, handle, handler } from "./handler.ts";
export {
  type Console,
  type HttpServerOptions,
  SERVER,
  start as startHttpServer,
} from "./http_server.ts";
export * as KickStarter from "./kick_starter.ts";
export * as FourOhFourCounter from "./four_oh_four_counter.ts";
export * as PledgeServer from "./pledge_server.ts";
export * as SensorServer from "./sensor_server.ts";
export {
  NAME as SERVICES_SUPERVISOR,
  type ServicesOptions,
  ServicesSupervisor,
} from "./services_supervisor.ts";
export * as ServySupervisor from "./supervisor.ts";
export type { PledgeServerOptions } from "./pledge_server.ts";
export type { SensorServerOptions } from "./sensor_server.ts";
export type { SensorApis } from "./video_cam.ts";
