/**
 * Preloaded before main.ts by unhandled_test.ts: once servy's main module
 * has run, a promise is rejected that no one handles.
 *
 * @module
 */

globalThis.addEventListener("load", () => {
  Promise.reject(new Error("boom after start"));
});
