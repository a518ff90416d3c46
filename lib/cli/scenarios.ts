/**
 * The lesson's scenarios, by name, with the one-line summary `servy run`
 * lists.
 *
 * @module
 */

/** A scenario's name and summary. */
export interface ScenarioInfo {
  readonly name: string;
  readonly summary: string;
}

/** The lesson's steps, in order. */
export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    name: "unlinked",
    summary:
      "KickStarter spawns the HTTP server; killing it leaves KickStarter alive",
  },
  {
    name: "linked",
    summary:
      "KickStarter links to the HTTP server; killing it kills KickStarter too",
  },
  {
    name: "trapped",
    summary:
      "KickStarter traps exits; the server's death arrives as {:EXIT, pid, :kaboom}",
  },
  {
    name: "restart",
    summary:
      "KickStarter handles the EXIT and starts a new HTTP server on the same port",
  },
];
