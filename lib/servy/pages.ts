/**
 * The pages servy ships: imported as text, so they are part of the code
 * (and of any binary built from it); nothing is read from disk at run
 * time. `/pages/:name` renders a Markdown page to HTML with `marked`.
 *
 * @module
 */

import { marked } from "marked";
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
 * @returns the HTML, or `undefined` when there is no such page
 */
export function markdownPage(name: string): string | undefined {
  if (!Object.hasOwn(MARKDOWN, name)) return undefined;
  let html = rendered.get(name);
  if (html === undefined) {
    html = marked.parse(MARKDOWN[name], { async: false });
    rendered.set(name, html);
  }
  return html;
}
