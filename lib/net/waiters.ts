/**
 * Callbacks waiting their turn, taken first come, first served: the queue
 * of read_gate.ts's reads and turn_gate.ts's wake-ups. A taken callback is
 * let go at once; the array is dropped once drained, and compacted when a
 * queue that never drains has taken more than it holds.
 *
 * @module
 */

/** A first-in first-out queue of callbacks. */
export class Waiters {
  #items: ((() => void) | undefined)[] = [];
  #head = 0;

  /** @returns how many wait */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Queues `fn` behind those waiting. */
  push(fn: () => void): void {
    this.#items.push(fn);
  }

  /** @returns the callback waiting longest, taken off; undefined if none waits */
  shift(): (() => void) | undefined {
    const items = this.#items;
    if (this.#head === items.length) return undefined;
    const fn = items[this.#head];
    items[this.#head++] = undefined;
    if (this.#head === items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
    return fn;
  }
}
