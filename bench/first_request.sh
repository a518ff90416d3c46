#!/usr/bin/env bash
# Start-up time to the first served request: starts `servy serve` (the
# command given as arguments) on a free port, polls until GET /wildthings
# answers 200, then stops it. Used with hyperfine (see README).
# The port is drawn below Linux's ephemeral range (32768-60999), where
# the machine's own outgoing connections (wrk, curl) cannot hold it.
set -u
port=$(( 10000 + RANDOM % 22000 ))
"$@" serve --port "$port" >/dev/null 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/wildthings"; do
  kill -0 "$pid" 2>/dev/null || exit 1
  sleep 0.005
done
kill -KILL "$pid" # the time measured ends at the first answer
wait "$pid" 2>/dev/null
exit 0
