/**
 * The observer's page: files in the repo, imported as text so they are
 * part of the code and of any binary built from it (the build's text
 * plugin embeds them, as it does the course pages); no CDN, so the page
 * works offline.
 *
 * @module
 */

import css from "./assets/observer.css" with { type: "text" };
import html from "./assets/index.html" with { type: "text" };
import js from "./assets/observer.js" with { type: "text" };

/** The static files, by path. */
export const ASSETS: Readonly<
  Record<string, { type: string; body: string } | undefined>
> = {
  "/": { type: "text/html; charset=utf-8", body: html },
  "/observer.js": { type: "text/javascript; charset=utf-8", body: js },
  "/observer.css": { type: "text/css; charset=utf-8", body: css },
};
