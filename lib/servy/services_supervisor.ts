/**
 * `Servy.ServicesSupervisor`: one_for_one over the app's GenServers,
 * PledgeServer, SensorServer and FourOhFourCounter, as in the course.
 *
 * @module
 */

import { type ChildSpec, Supervisor } from "../actor/mod.ts";
import * as FourOhFourCounter from "./four_oh_four_counter.ts";
import * as PledgeServer from "./pledge_server.ts";
import type { Console } from "./plugins.ts";
import * as SensorServer from "./sensor_server.ts";

/** Options of the services. */
export interface ServicesOptions {
  /** The pledge server's options. */
  pledges?: PledgeServer.PledgeServerOptions;
  /** The sensor server's options. */
  sensors?: SensorServer.SensorServerOptions;
  /** Where the services print the course's start-up lines. */
  console?: Console;
}

/** The registered name. */
export const NAME = "Servy.ServicesSupervisor";

/** The module: its `init` lists the services. */
export const ServicesSupervisor: Supervisor.SupervisorModule<ServicesOptions> =
  {
    name: NAME,
    init: (options) => ({
      children: [
        PledgeServer.childSpec({
          console: options.console,
          ...options.pledges,
        }),
        SensorServer.childSpec({
          console: options.console,
          ...options.sensors,
        }),
        FourOhFourCounter.childSpec(),
      ],
      strategy: "one_for_one",
    }),
  };

/**
 * `child_spec/1`: this supervisor as a child of `Servy.Supervisor`.
 *
 * @param options the services' options
 * @returns the child spec
 */
export function childSpec(options: ServicesOptions = {}): ChildSpec {
  return {
    id: NAME,
    start: (self) => {
      options.console?.("Starting the services supervisor...\n");
      return Supervisor.startLink(self, ServicesSupervisor, options, {
        name: NAME,
      });
    },
    startCall: "Servy.ServicesSupervisor.start_link([])",
    type: "supervisor",
    modules: [NAME],
  };
}
