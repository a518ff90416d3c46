/**
 * `Servy.Api.BearController`: the bears as JSON.
 *
 * @module
 */

import { type Conv, respond } from "../http/mod.ts";
import { missingField } from "./bear_controller.ts";
import { escape } from "./templates.ts";
import { listBears } from "./wildthings.ts";

/**
 * `GET /api/bears`: the bears in id order, keys in the course's order
 * (type, name, id, hibernating), without spaces.
 *
 * @param conv the conv
 * @returns it, answered with `application/json`
 */
export function index(conv: Conv): Conv {
  conv.respHeaders["Content-Type"] = "application/json";
  return respond(conv, 200, JSON.stringify(listBears()));
}

/**
 * `POST /api/bears` with `name` and `type`, as JSON or a form.
 *
 * @param conv the conv
 * @returns it, answered: 201, or 400 naming the missing field
 */
export function create(conv: Conv): Conv {
  const missing = missingField(conv.params, ["name", "type"]);
  if (missing !== undefined) {
    return respond(conv, 400, `Missing bear ${missing}`);
  }
  const { name, type } = conv.params;
  const text = `Created a ${type} bear named ${name}!`;
  return respond(conv, 201, escape(text)); // served as text/html
}
