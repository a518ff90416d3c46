/**
 * The one error of the HTTP layer: bad request input, carrying the 4xx/5xx
 * status to answer it with. The connection answers it and closes.
 *
 * @module
 */

/** Bad request input, with the status to answer it with. */
export class HttpError extends SyntaxError {
  /**
   * A request the server answers with `status`.
   *
   * @param status the 4xx/5xx status for the response
   * @param message what was wrong, for the response body
   */
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "HttpError";
  }
}
