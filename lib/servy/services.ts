/**
 * The app's GenServers, started together: PledgeServer, SensorServer and
 * FourOhFourCounter (the course's ServicesSupervisor starts the same
 * three).
 *
 * @module
 */

import { inspect, type OnStart, type Pid, type Self } from "../actor/mod.ts";
import * as FourOhFourCounter from "./four_oh_four_counter.ts";
import * as PledgeServer from "./pledge_server.ts";
import * as SensorServer from "./sensor_server.ts";

/** Options of the services. */
export interface ServicesOptions {
  pledges?: PledgeServer.PledgeServerOptions;
  sensors?: SensorServer.SensorServerOptions;
}

/**
 * Starts the three services, registered under their names.
 *
 * @param self the caller
 * @param options their options
 * @returns their pids, by registered name
 */
export async function* startServices(
  self: Self,
  options: ServicesOptions = {},
): AsyncGenerator<unknown, Record<string, Pid>, unknown> {
  return {
    [PledgeServer.NAME]: started(
      yield* PledgeServer.start(self, options.pledges),
    ),
    [SensorServer.NAME]: started(
      yield* SensorServer.start(self, options.sensors),
    ),
    [FourOhFourCounter.NAME]: started(yield* FourOhFourCounter.start(self)),
  };
}

function started(result: OnStart): Pid {
  if (result !== "ignore" && result.type === "ok") return result.pid;
  throw new Error(`Cannot start a service: ${inspect(result)}`);
}
