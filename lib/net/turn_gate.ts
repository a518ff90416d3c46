/**
 * Wake-ups that take turns: at most `perTurn` of them run in one turn of
 * the host's event loop, first come first served. One runs at once while
 * its turn has room and none waits before it; the others wait for the
 * turns after. Node's connections wake their readers through one gate
 * (node_tcp.ts), so that a turn does a bounded amount of work.
 *
 * Why Node needs it: libuv accepts one connection per turn of its loop
 * (libuv#3696, "don't accept() connections in a loop", in Node 20's libuv
 * 1.46), and a turn runs every socket that became readable since the last
 * one. Under 500 keep-alive clients a turn serves hundreds of requests, in
 * 5–10 ms, so a connection that arrives waits in the listen queue for
 * hundreds of turns: `wrk -c500` against Node's own `http.createServer`,
 * or servy's binary, gives a p99 of 1.0–1.3 s and connections timed out,
 * while `ss` shows 100–250 connections in the accept queue for 0.6 s. With
 * the wake-ups of a turn bounded, turns are short, the queue drains within
 * a few hundred milliseconds, and the requests of the connections take
 * turns in the order they arrived.
 *
 * @module
 */

import { runReporting } from "../sys/host_timers.ts";
import { Waiters } from "./waiters.ts";

/** Runs `fire` after the host's event loop has had a turn (host_timers.ts's `afterTurn`). */
export type AfterTurn = (fire: () => void) => void;

/** Turns for the wake-ups of many connections. */
export class TurnGate {
  #waiting = new Waiters();
  /** Wake-ups run in this turn so far. */
  #ran = 0;
  #armed = false;

  /**
   * @param perTurn the most wake-ups one turn runs
   * @param afterTurn where the turns come from: its callback runs once
   * the current turn's I/O is done (Node's `setImmediate`)
   */
  constructor(readonly perTurn: number, readonly afterTurn: AfterTurn) {}

  /** @returns how many wake-ups wait for a turn */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Runs `wake` now if this turn has room and none waits before it; else
   * in the next turn that has room, after those admitted before it. A
   * `wake` that throws has its error thrown again from a microtask, where
   * the host's uncaught-error handler sees it; the others still run.
   *
   * @param wake what to run
   */
  admit(wake: () => void): void {
    if (this.#ran < this.perTurn && this.#waiting.size === 0) {
      this.#ran++;
      this.#arm();
      return runReporting(wake);
    }
    this.#waiting.push(wake);
    this.#arm();
  }

  #arm(): void {
    if (this.#armed) return;
    this.#armed = true;
    this.afterTurn(this.#endTurn);
  }

  /** The turn's I/O is done: the room it has left goes to those waiting. */
  #endTurn = (): void => {
    this.#armed = false;
    let room = this.perTurn - this.#ran;
    this.#ran = 0;
    for (; room > 0 && this.#waiting.size > 0; room--) {
      runReporting(this.#waiting.shift()!);
    }
    if (this.#waiting.size > 0) this.#arm(); // the next turn's room
  };
}
