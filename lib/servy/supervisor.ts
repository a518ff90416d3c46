/**
 * `Servy.Supervisor`: the app's root, one_for_one over KickStarter (which
 * watches the HttpServer) and ServicesSupervisor, as in the course's
 * supervision lessons.
 *
 * @module
 */

import {
  type OnStart,
  type Receive,
  type Self,
  Supervisor,
} from "../actor/mod.ts";
import * as KickStarter from "./kick_starter.ts";
import * as ServicesSupervisor from "./services_supervisor.ts";
import type { ServicesOptions } from "./services_supervisor.ts";

/** The registered name. */
export const NAME = "Servy.Supervisor";

/** What the tree needs: KickStarter's HttpServer options and the services'. */
export interface ServyArg {
  /** KickStarter's HttpServer options. */
  kickStarter: KickStarter.SupervisedArg;
  /** The services' options. */
  services?: ServicesOptions;
}

/** The module: its `init` lists KickStarter and the services' supervisor. */
export const ServySupervisor: Supervisor.SupervisorModule<ServyArg> = {
  name: NAME,
  init: (arg) => ({
    children: [
      KickStarter.childSpec(arg.kickStarter),
      ServicesSupervisor.childSpec(arg.services),
    ],
    strategy: "one_for_one",
  }),
};

/**
 * `Servy.Supervisor.start_link/0`: starts the whole tree, linked to the
 * caller.
 *
 * @param self the caller
 * @param arg KickStarter's and the services' options
 * @returns the receive that gives the start result
 */
export function startLink(self: Self, arg: ServyArg): Receive<OnStart> {
  arg.kickStarter.console("Starting THE supervisor...\n");
  return Supervisor.startLink(self, ServySupervisor, arg, { name: NAME });
}
