/**
 * The lesson's scenarios: name, summary, the lesson's section and Elixir,
 * the KickStarter module servy runs for it, and the steps.
 *
 * @module
 */

import type { Shell } from "./shell.ts";
import * as Linked from "./linked.ts";
import * as Restart from "./restart.ts";
import * as Supervised from "./supervised.ts";
import * as Trapped from "./trapped.ts";
import * as Unlinked from "./unlinked.ts";

/** One scenario. */
export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** The lesson's section it replays. */
  readonly section: string;
  /** The lesson's (or the course's) Elixir for the step. */
  readonly elixir: string;
  /** The KickStarter module in lib/servy/kick_starter.ts. */
  readonly module: string;
  /** The steps; `printed` is the console text so far. */
  play(
    sh: Shell,
    printed: () => string,
  ): AsyncGenerator<unknown, void, unknown>;
}

/** The lesson's steps, in order. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: "unlinked",
    summary:
      "KickStarter spawns the HTTP server; killing it leaves KickStarter alive",
    section: "2. KickStarter starts and registers the HTTP server (unlinked)",
    elixir: Unlinked.ELIXIR,
    module: "Unlinked",
    play: (sh) => Unlinked.unlinked(sh),
  },
  {
    name: "linked",
    summary:
      "KickStarter links to the HTTP server; killing it kills KickStarter too",
    section: "3. Linking KickStarter and HttpServer (linked)",
    elixir: Linked.ELIXIR,
    module: "Linked",
    play: (sh) => Linked.linked(sh),
  },
  {
    name: "trapped",
    summary:
      "KickStarter traps exits; the server's death arrives as {:EXIT, pid, :kaboom}",
    section: "4. KickStarter watches HttpServer (trapped)",
    elixir: Trapped.ELIXIR,
    module: "Trapped",
    play: (sh) => Trapped.trapped(sh),
  },
  {
    name: "restart",
    summary:
      "KickStarter handles the EXIT and starts a new HTTP server on the same port",
    section: "The next move: handle_info restarts the HTTP server",
    elixir: Restart.ELIXIR,
    module: "Restarting",
    play: (sh, printed) => Restart.restart(sh, printed),
  },
  {
    name: "supervised",
    summary:
      "after the lesson: Servy.Supervisor restarts KickStarter and the services",
    section: "the course's next lessons: Servy under a Supervisor",
    elixir: Supervised.ELIXIR,
    module: "Supervised",
    play: (sh, printed) => Supervised.supervised(sh, printed),
  },
];
