/**
 * Standard input line by line, over a host's chunks of bytes: the part of
 * {@linkcode LineInput} that Deno and Node share. Lines end at `\n` (a
 * `\r` before it is dropped); UTF-8 split across chunks is decoded whole;
 * a last line without `\n` is still a line; a read that fails ends the
 * input, as end of file does.
 *
 * @module
 */

import type { LineInput } from "./platform.ts";

/** Where the bytes come from. */
export interface ByteSource {
  /** Whether they come from a terminal. */
  readonly isTerminal: boolean;
  /** @returns the next chunk, or `undefined` at end of input */
  read(): Promise<Uint8Array | undefined>;
  /** Stops reading: a pending `read` ends with `undefined`. */
  cancel(): void;
}

/**
 * Lines from `source`. Reads are served in order, one chunk read at a
 * time; once closed, every read (a pending one too) gives `undefined`.
 *
 * @param source the host's bytes
 * @returns the lines
 */
export function lineInput(source: ByteSource): LineInput {
  const decoder = new TextDecoder();
  let text = "";
  let ended = false;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function next(): Promise<string | undefined> {
    for (;;) {
      if (closed) return undefined;
      const end = text.indexOf("\n");
      if (end >= 0) {
        const line = text.slice(0, end);
        text = text.slice(end + 1);
        return line.endsWith("\r") ? line.slice(0, -1) : line;
      }
      if (ended) {
        const last = text;
        text = "";
        return last === "" ? undefined : last;
      }
      // A read that fails (the terminal went away) ends the input.
      const chunk = await source.read().catch(() => undefined);
      if (chunk === undefined) {
        ended = true;
        text += decoder.decode();
      } else {
        text += decoder.decode(chunk, { stream: true });
      }
    }
  }

  return {
    get isTerminal() {
      return source.isTerminal;
    },
    readLine() {
      const line = queue.then(next);
      queue = line.catch(() => {});
      return line;
    },
    close() {
      if (closed) return;
      closed = true;
      source.cancel();
    },
  };
}
