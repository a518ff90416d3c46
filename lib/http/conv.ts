/**
 * `Servy.Conv`: one request and its response as it flows through the
 * pipeline (parse → rewritePath → log → route → track → formatResponse).
 *
 * @module
 */

/** The course's `%Conv{}`, with what HTTP/1.1 needs beside it. */
export interface Conv {
  /** `"GET"`, `"POST"`... */
  method: string;
  /** The path without its query: `"/bears/1"`. */
  path: string;
  /** The query string without `?`, `""` when absent. */
  query: string;
  /** `"HTTP/1.1"` or `"HTTP/1.0"`. */
  version: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** The request body, decoded as UTF-8. */
  body: string;
  /** Form or JSON fields of the body. */
  params: Record<string, string>;
  /** Response status; 0 until a route sets it. */
  status: number;
  /** Response body. */
  respBody: string;
  /** Response headers; the course's default is `Content-Type: text/html`. */
  respHeaders: Record<string, string>;
}

/**
 * A fresh conv for a parsed request line.
 *
 * @param method the request method
 * @param target the request target, `/path?query`
 * @param version the HTTP version
 * @returns the conv, with empty headers, body and response
 */
export function newConv(method: string, target: string, version: string): Conv {
  const q = target.indexOf("?");
  return {
    method,
    path: q === -1 ? target : target.slice(0, q),
    query: q === -1 ? "" : target.slice(q + 1),
    version,
    headers: {},
    body: "",
    params: {},
    status: 0,
    respBody: "",
    respHeaders: { "Content-Type": "text/html" },
  };
}

/**
 * Sets the response, as the course's routes do with `%{conv | status: ...}`.
 *
 * @param conv the conv
 * @param status the status code
 * @param body the response body
 * @returns the same conv
 */
export function respond(conv: Conv, status: number, body: string): Conv {
  conv.status = status;
  conv.respBody = body;
  return conv;
}

/**
 * The request target as the client sent it (after `rewritePath`): the
 * path, and `?query` when there is one.
 *
 * @param conv the conv
 * @returns `"/nope?a=1&b=2"`
 */
export function target(conv: Conv): string {
  return conv.query === "" ? conv.path : `${conv.path}?${conv.query}`;
}
