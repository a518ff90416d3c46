import assert from "node:assert/strict";
import {
  DEFAULT_FORMAT,
  formatEntry,
  type Level,
  logUncaught,
  ManualClock,
  memoryLogger,
  startRuntime,
} from "../../lib/actor/mod.ts";

/** A device that keeps what it is given. */
function recorder() {
  const texts: string[] = [];
  return { texts, device: (text: string) => void texts.push(text) };
}

/** Runs `fn` with console.error captured. @returns what it was called with */
function capturingStderr(fn: () => void): unknown[][] {
  const calls: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void calls.push(args);
  try {
    fn();
  } finally {
    console.error = original;
  }
  return calls;
}

/** The manual clock's wall time (11:59:14.506 UTC) as this host's local time. */
function localTime(clock: ManualClock): string {
  const t = clock.wallTime();
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(t.getHours())}:${two(t.getMinutes())}:${
    two(t.getSeconds())
  }.506`;
}

Deno.test('Logger: the default format is Elixir 1.14\'s "\\n$time $metadata[$level] $message\\n", on stderr as before', async () => {
  assert.equal(DEFAULT_FORMAT, "\n$time $metadata[$level] $message\n");
  const clock = new ManualClock();
  await using rt = startRuntime({ clock });
  const calls = capturingStderr(() => {
    rt.log(
      "error",
      "Process #PID<0.101.0> raised an exception\n** (RuntimeError) boom",
      {
        pid: rt.outside,
      },
    );
  });
  // console.error adds the final newline: the bytes are the format's.
  assert.deepEqual(calls, [[
    `\n${
      localTime(clock)
    } [error] Process #PID<0.101.0> raised an exception\n** (RuntimeError) boom`,
  ]]);
  assert.equal(
    calls[0][0],
    formatEntry(
      clock,
      "error",
      "Process #PID<0.101.0> raised an exception\n** (RuntimeError) boom",
    ),
  );
});

Deno.test("Logger: format fills $date $time $node $level $metadata $message; device gets the text", async () => {
  const clock = new ManualClock();
  const { texts, device } = recorder();
  await using rt = startRuntime({
    clock,
    logger: {
      format: "$date $time $node [$level] $metadata$message|\n",
      device,
      metadata: ["pid", "user"],
    },
  });
  rt.log("info", "hi", { user: "x", pid: rt.outside, other: 1 });
  rt.log("warning", "hi\nthere");
  const t = clock.wallTime();
  const date = `${t.getFullYear()}-${
    String(t.getMonth() + 1).padStart(2, "0")
  }-${String(t.getDate()).padStart(2, "0")}`;
  // As Logger.Formatter.format/5 prints them: a pid as <0.0.0>, in the configured key order.
  assert.deepEqual(texts, [
    `${date} ${localTime(clock)} nonode@nohost [info] pid=<0.0.0> user=x hi|\n`,
    `${date} ${localTime(clock)} nonode@nohost [warning] hi\nthere|\n`,
  ]);
});

Deno.test("Logger: an unknown $pattern raises TypeError: $foo is an invalid format pattern", () => {
  assert.throws(
    () => startRuntime({ logger: { format: "$foo [$level] $message" } }),
    {
      name: "TypeError",
      message:
        'Cannot compile the log format "$foo [$level] $message": $foo is an invalid format pattern',
    },
  );
});

Deno.test('Logger: level: "warning" drops info and keeps warning and error', async () => {
  const { texts, device } = recorder();
  await using rt = startRuntime({
    logger: { format: "$level:$message ", device, level: "warning" },
  });
  for (const level of ["info", "warning", "error"] satisfies Level[]) {
    rt.log(level, "m");
  }
  assert.deepEqual(texts, ["warning:m ", "error:m "]);
});

Deno.test("Logger: a crash report goes through the configured format and device", async () => {
  const { texts, device } = recorder();
  await using rt = startRuntime({
    logger: { format: "[$level] $message\n", device },
  });
  const down = rt.monitor(rt.spawn(async function* () {
    throw new Error("boom");
  }));
  await down;
  assert.equal(texts.length, 1);
  assert.match(
    texts[0],
    /^\[error\] Process #PID<0\.\d+\.0> raised an exception\n\*\* \(RuntimeError\) boom\n/,
  );
  assert.ok(texts[0].endsWith("\n"));
});

Deno.test("Logger: a logger function still receives each entry in the default format", async () => {
  const clock = new ManualClock();
  const { logger, entries } = memoryLogger();
  await using rt = startRuntime({ clock, logger });
  rt.log("warning", "careful");
  assert.deepEqual(entries, [`\n${localTime(clock)} [warning] careful`]);
});

Deno.test("Logger: logUncaught takes the same settings, with the raising process as pid metadata", async () => {
  const { texts, device } = recorder();
  const report = logUncaught({
    clock: new ManualClock(),
    logger: { format: "$metadata$message\n", device, metadata: ["pid"] },
  });
  const boom = Object.assign(new Error("boom"), { stack: "" });
  report(boom, "rejection");
  await using rt = startRuntime({ logger: () => {} });
  const pid = rt.spawn(async function* () {
    report(boom, "exception"); // during its step: the process is known
  });
  await rt.monitor(pid);
  assert.deepEqual(texts, [
    "Unhandled rejection outside any process\n** (RuntimeError) boom\n",
    `pid=<0.${pid.id}.0> Process ${pid} raised an exception\n** (RuntimeError) boom\n`,
  ]);
});
