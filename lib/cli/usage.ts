/**
 * The usage texts `servy --help` and `servy <command> --help` print.
 *
 * @module
 */

export const USAGE = `Usage: servy <command> [options]

Commands:
  run [scenario]   replay a step of the "Another GenServer" lesson
                   (no scenario: list them)
  serve            run the Servy app under its supervision tree
  tree             start the supervision tree, print it, stop it

Options:
  -h, --help       show this help (servy <command> --help: the command's)
  -V, --version    show the version
`;

export const RUN_USAGE = `Usage: servy run [scenario] [options]

Replays a step of the lesson on a real port and checks its facts;
exits 0 only when all of them hold. Without a scenario, lists them.

Options:
  --port N         the port of the HTTP server (default 4000)
  --source         print the step's KickStarter beside the lesson's Elixir
  --observer [N]   open the observer (the live process tree, in a
                   browser) on port N of 127.0.0.1 (default 4001), and
                   wait for Enter before each step; Ctrl-C stops (exit 130)
  --step-ms N      with --observer: wait N ms before each step instead
                   (0 to 60000)
  -h, --help       show this help
`;

export const SERVE_USAGE = `Usage: servy serve [options]

Runs the Servy app until Ctrl-C or SIGTERM, then finishes the requests
in flight and exits 0.

Options:
  --port N         the port to listen on (default 4000)
  --host ADDR      the address to bind (default 127.0.0.1)
  --verbose        the course's console lines for every connection,
                   instead of one access-log line per request
  --tree           print the supervision tree once it is up
  --observer [N]   serve the observer (the live process tree, in a
                   browser) on port N (default 4001) of the same host;
                   it prints its address with the token its kill and
                   send buttons need
  -h, --help       show this help
`;

export const TREE_USAGE = `Usage: servy tree [options]

Starts the Servy supervision tree, prints it (pids, registered names,
restart counts, mailbox lengths), and stops it.

Options:
  --port N         the HTTP server's port (default 4000)
  -h, --help       show this help
`;
