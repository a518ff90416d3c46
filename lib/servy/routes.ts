/**
 * `Servy.Handler.route/1`: the route table. A route answers at once with
 * the conv, or is a process step (`yield*`) when it calls a GenServer or
 * sleeps.
 *
 * @module
 */

import { inspect, type Self } from "../actor/mod.ts";
import { type Conv, respond, target } from "../http/mod.ts";
import * as Api from "./api_bear_controller.ts";
import * as Bears from "./bear_controller.ts";
import { getCounts } from "./four_oh_four_counter.ts";
import { markdownPage, PAGES } from "./pages.ts";
import * as Pledges from "./pledge_controller.ts";
import { getSensorData } from "./sensor_server.ts";
import { escape, sensors } from "./templates.ts";

/** A routed conv, or the step that will give it. */
export type Routed = Conv | AsyncGenerator<unknown, Conv, unknown>;

/** The longest `/hibernate/:ms` servy agrees to sleep. */
export const MAX_HIBERNATE_MS = 60_000;

/**
 * Routes a conv by method and path.
 *
 * @param self the request's process
 * @param conv the parsed, rewritten conv
 * @returns the answered conv, or the step that answers it
 */
export function route(self: Self, conv: Conv): Routed {
  const { method, path } = conv;
  if (method === "GET") {
    switch (path) {
      case "/wildthings":
        return respond(conv, 200, "Bears, Lions, Tigers");
      case "/bears":
        return Bears.index(conv);
      case "/bears/new":
        return Bears.newBear(conv);
      case "/api/bears":
        return Api.index(conv);
      case "/about":
        return respond(conv, 200, PAGES.about);
      case "/pledges":
        return Pledges.index(conv);
      case "/pledges/new":
        return Pledges.newPledge(conv);
      case "/404s":
        return counts(self, conv);
      case "/sensors":
        return sensorPage(self, conv);
      case "/kaboom":
        throw new Error("Kaboom!");
    }
  } else if (method === "POST") {
    switch (path) {
      case "/bears":
        return Bears.create(conv);
      case "/api/bears":
        return Api.create(conv);
      case "/pledges":
        return Pledges.create(conv);
    }
  }
  const [, first, second, extra] = path.split("/");
  if (second !== undefined && second !== "" && extra === undefined) {
    if (method === "GET" && first === "bears") return Bears.show(conv, second);
    if (method === "DELETE" && first === "bears") return Bears.deleteBear(conv);
    if (method === "GET" && first === "pages") return page(conv, second);
    if (method === "GET" && first === "hibernate") {
      return hibernate(self, conv, second);
    }
  }
  return respond(conv, 404, `No ${escape(target(conv))} here!`);
}

function page(conv: Conv, name: string): Routed {
  const html = markdownPage(name);
  if (typeof html === "object") return loaded(conv, html);
  return html === undefined
    ? respond(conv, 404, "File not found!")
    : respond(conv, 200, html);
}

/** A page whose renderer is still loading: answered once it is. */
async function* loaded(
  conv: Conv,
  html: Promise<string | undefined>,
): AsyncGenerator<unknown, Conv, unknown> {
  const page = await html;
  return page === undefined
    ? respond(conv, 404, "File not found!")
    : respond(conv, 200, page);
}

async function* counts(
  self: Self,
  conv: Conv,
): AsyncGenerator<unknown, Conv, unknown> {
  const counts = yield* getCounts(self);
  return respond(conv, 200, escape(inspect(counts)));
}

async function* sensorPage(
  self: Self,
  conv: Conv,
): AsyncGenerator<unknown, Conv, unknown> {
  const data = yield* getSensorData(self);
  return respond(conv, 200, sensors(data.snapshots, data.location));
}

async function* hibernate(
  self: Self,
  conv: Conv,
  time: string,
): AsyncGenerator<unknown, Conv, unknown> {
  if (!/^\d{1,6}$/.test(time) || Number(time) > MAX_HIBERNATE_MS) {
    const why = `Cannot hibernate for ${JSON.stringify(time)} ms: ` +
      `give a whole number up to ${MAX_HIBERNATE_MS}`;
    return respond(conv, 400, escape(why));
  }
  yield* self.sleep(Number(time));
  return respond(conv, 200, "Awake!");
}
