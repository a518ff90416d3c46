/**
 * The request handler the HTTP server runs for each request: text in,
 * text out. At this lesson it serves the course's first route,
 * `GET /wildthings`, and answers 404 for anything else (the whole Servy app
 * is issue 3).
 *
 * @module
 */

/** The reason phrases servy uses. */
const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  404: "Not Found",
};

/**
 * Handles one request.
 *
 * @param request the raw request text (request line and headers)
 * @returns the raw response text, with a byte-exact Content-Length
 */
export function handle(request: string): string {
  const line = request.split("\r\n", 1)[0];
  const m = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(line);
  if (m === null) {
    return respond(400, `Cannot parse request line ${JSON.stringify(line)}`);
  }
  const [, method, path] = m;
  if (method === "GET" && (path === "/wildthings" || path === "/wildlife")) {
    return respond(200, "Bears, Lions, Tigers");
  }
  return respond(404, `No ${path} here!`);
}

function respond(status: number, body: string): string {
  const length = new TextEncoder().encode(body).length;
  return `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
    `Content-Type: text/html\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${body}`;
}
