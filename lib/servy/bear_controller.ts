/**
 * `Servy.BearController`: the HTML bear pages.
 *
 * @module
 */

import { type Conv, respond } from "../http/mod.ts";
import { orderAscByName } from "./bear.ts";
import { PAGES } from "./pages.ts";
import * as Templates from "./templates.ts";
import { getBear, listBears } from "./wildthings.ts";

/** `GET /bears`: every bear, sorted by name. @param conv the conv @returns it, answered */
export function index(conv: Conv): Conv {
  const bears = [...listBears()].sort(orderAscByName);
  return respond(conv, 200, Templates.index(bears));
}

/**
 * `GET /bears/:id`.
 *
 * @param conv the conv
 * @param id the id from the path
 * @returns it, answered: the bear, or 404 (where the course crashes)
 */
export function show(conv: Conv, id: string): Conv {
  const bear = getBear(id);
  return bear === undefined
    ? respond(conv, 404, `No bear with id ${Templates.escape(id)} here!`)
    : respond(conv, 200, Templates.show(bear));
}

/** `GET /bears/new`: the form. @param conv the conv @returns it, answered */
export function newBear(conv: Conv): Conv {
  return respond(conv, 200, PAGES.bearForm);
}

/**
 * `POST /bears` with `name` and `type`.
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
  return respond(
    conv,
    201,
    `Created a ${Templates.escape(type)} bear named ${Templates.escape(name)}!`,
  );
}

/** `DELETE /bears/:id`. @param conv the conv @returns it, answered 403 */
export function deleteBear(conv: Conv): Conv {
  return respond(conv, 403, "Deleting a bear is forbidden!");
}

/**
 * The first of `fields` that `params` lacks or leaves blank.
 *
 * @param params form or JSON fields
 * @param fields the required ones
 * @returns the missing field's name, or `undefined`
 */
export function missingField(
  params: Record<string, string>,
  fields: readonly string[],
): string | undefined {
  return fields.find((f) => (params[f] ?? "").trim() === "");
}
