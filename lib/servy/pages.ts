/**
 * The pages servy ships: imported as text, so they are part of the code
 * (and of any binary built from it); nothing is read from disk at run
 * time. `/pages/:name` renders a Markdown page to HTML with `marked`,
 * which is imported at the first such request: it builds its regexes as
 * it loads, a cost servy's start-up should not pay.
 *
 * @module
 */

import about from "./pages/about.html" with { type: "text" };
import bearForm from "./pages/bear_form.html" with { type: "text" };
import faq from "./pages/faq.md" with { type: "text" };
import pledgeForm from "./pages/pledge_form.html" with { type: "text" };

/** The HTML pages, by route. */
export const PAGES = { about, bearForm, pledgeForm } as const;

const MARKDOWN: Readonly<Record<string, string>> = { faq };
const rendered = new Map<string, string>();

/**
 * A Markdown page as HTML, rendered once.
 *
 * @param name the page's name: `"faq"`
 * @returns the HTML, or `undefined` when there is no such page; a promise
 *   of them while `marked` is not loaded yet
 */
export function markdownPage(
  name: string,
): string | undefined | Promise<string | undefined> {
  if (!Object.hasOwn(MARKDOWN, name)) return undefined;
  const html = rendered.get(name);
  if (html !== undefined) return html;
  return import("marked").then(({ marked }) => {
    const html = rendered.get(name) ??
      marked.parse(MARKDOWN[name], { async: false });
    rendered.set(name, html);
    return html;
  });
}
