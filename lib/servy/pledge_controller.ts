/**
 * `Servy.PledgeController`: pledges, kept by the PledgeServer.
 *
 * @module
 */

import { inspect } from "../actor/mod.ts";
import { type Conv, respond } from "../http/mod.ts";
import { missingField } from "./bear_controller.ts";
import { PAGES } from "./pages.ts";
import { createPledge, recentPledges } from "./pledge_server.ts";
import { escape } from "./templates.ts";

/**
 * `POST /pledges` with `name` and `amount`.
 *
 * @param conv the conv
 * @returns it, answered: 201 `larry pledged 10!`, or 400 saying what is
 *   wrong (where the course crashes in `String.to_integer/1`)
 */
export async function* create(
  conv: Conv,
): AsyncGenerator<unknown, Conv, unknown> {
  const missing = missingField(conv.params, ["name", "amount"]);
  if (missing !== undefined) {
    return respond(conv, 400, `Missing pledge ${missing}`);
  }
  const { name, amount } = conv.params;
  if (!/^\d{1,9}$/.test(amount)) {
    const shown = escape(JSON.stringify(amount));
    return respond(conv, 400, `Amount must be a whole number, got ${shown}`);
  }
  yield* createPledge(name, Number(amount));
  return respond(conv, 201, `${escape(name)} pledged ${Number(amount)}!`);
}

/**
 * `GET /pledges`: the recent pledges, newest first, as the course shows
 * them: `[{"larry", 10}, {"wilma", 15}, {"fred", 25}]`.
 *
 * @param conv the conv
 * @returns it, answered
 */
export async function* index(
  conv: Conv,
): AsyncGenerator<unknown, Conv, unknown> {
  const pledges = yield* recentPledges();
  return respond(conv, 200, escape(inspect(pledges)));
}

/** `GET /pledges/new`: the form. @param conv the conv @returns it, answered */
export function newPledge(conv: Conv): Conv {
  return respond(conv, 200, PAGES.pledgeForm);
}
