/**
 * A process's mailbox: a FIFO queue with selective removal. `take` scans
 * oldest-first and removes the first message the matcher accepts; skipped
 * messages stay where they are, in order (`receive` in Elixir).
 *
 * @module
 */

/** Returned by {@linkcode Mailbox.take} when no message matched. */
export const NONE: unique symbol = Symbol("none");

/** The queue of messages not yet received. */
export class Mailbox {
  // None until the first message is queued, and none again once all are
  // taken: most processes never hold one (a waiting receive is handed its
  // message), so a process costs no array.
  #items: unknown[] | undefined = undefined;
  #head = 0;

  /** @returns how many messages are waiting (`:message_queue_len`) */
  get length(): number {
    const items = this.#items;
    return items === undefined ? 0 : items.length - this.#head;
  }

  /** Appends a message at the end. */
  push(msg: unknown): void {
    const items = this.#items;
    if (items === undefined) this.#items = [msg];
    else items.push(msg);
  }

  /**
   * Removes and returns the oldest message that `accept` accepts.
   *
   * @param accept the receive's clauses, as one predicate
   * @returns the message, or {@linkcode NONE}
   */
  take(accept: (msg: unknown) => boolean): unknown {
    const items = this.#items;
    if (items === undefined) return NONE;
    for (let i = this.#head; i < items.length; i++) {
      const msg = items[i];
      if (!accept(msg)) continue;
      if (i === this.#head) {
        items[i] = undefined;
        this.#head++;
        if (this.#head === items.length) {
          this.#items = undefined;
          this.#head = 0;
        } else if (this.#head > 1024 && this.#head * 2 > items.length) {
          this.#items = items.slice(this.#head);
          this.#head = 0;
        }
      } else {
        items.splice(i, 1);
      }
      return msg;
    }
    return NONE;
  }

  /** Removes every message `drop` accepts (`demonitor(ref, [:flush])`). */
  remove(drop: (msg: unknown) => boolean): void {
    const items = this.#items;
    if (items === undefined) return;
    let i = this.#head;
    while (i < items.length && !drop(items[i])) i++;
    if (i === items.length) return; // nothing to drop: nothing copied
    const kept = items.slice(this.#head).filter((m) => !drop(m));
    this.#items = kept.length === 0 ? undefined : kept;
    this.#head = 0;
  }

  /** Drops every message (the process exited). */
  clear(): void {
    this.#items = undefined;
    this.#head = 0;
  }

  /** @returns the waiting messages, oldest first, without removing them */
  toArray(): unknown[] {
    return this.#items?.slice(this.#head) ?? [];
  }
}
