/**
 * The host's uncaught errors during a test, kept instead of failing it:
 * for the callbacks whose throw servy reports from a microtask.
 *
 * @module
 */

/**
 * Runs `body` while the host's uncaught errors are caught.
 *
 * @param body the test; `uncaught` gets each error's message, in order
 */
export async function withUncaught(
  body: (uncaught: string[]) => Promise<void> | void,
): Promise<void> {
  const uncaught: string[] = [];
  const onError = (e: ErrorEvent) => {
    e.preventDefault();
    uncaught.push(e.error.message);
  };
  globalThis.addEventListener("error", onError);
  try {
    await body(uncaught);
  } finally {
    globalThis.removeEventListener("error", onError);
  }
}
