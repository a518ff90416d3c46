/**
 * `Servy.Bear`: a bear of the refuge.
 *
 * @module
 */

/** `%Bear{}`; the key order is the JSON key order of `/api/bears`. */
export interface Bear {
  type: string;
  name: string;
  id: number;
  hibernating: boolean;
}

/**
 * `Bear.order_asc_by_name/2`, as a comparator.
 *
 * @param a a bear
 * @param b another bear
 * @returns negative when `a`'s name sorts first
 */
export function orderAscByName(a: Bear, b: Bear): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
