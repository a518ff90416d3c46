import assert from "node:assert/strict";
import { gcFigures } from "../../bench/http_gc.ts";

Deno.test("bench GC row: reads V8's --trace-gc-nvp lines: minor and full GCs, what each minor one kept, the pauses a request", () => {
  const trace = [
    "ready",
    '[1:0x1:0]  10 ms: GC: {"pause":1.5,"mutator":9,"gc":"s","reason":"allocation failure","new_space_survived":1000000,"promoted":0}',
    '[1:0x1:0]  20 ms: GC: {"pause":3,"mutator":8,"gc":"mc","reason":"finalize incremental marking via task","new_space_survived":0}',
    '[1:0x1:0]  30 ms: GC: {"pause":2.5,"mutator":7,"gc":"s","new_space_survived":3000000}',
    '[1:0x1:0]  40 ms: GC: {"pause":9,"muta', // cut off by the end of the load
  ].join("\n");
  const f = gcFigures(trace, 2000);
  assert.deepEqual(f, {
    requests: 2000,
    scavenges: 2,
    fullGcs: 1,
    keptMB: 2,
    pauseUs: 7 * 1000 / 2000,
  });
  assert.deepEqual(gcFigures("", 0), {
    requests: 0,
    scavenges: 0,
    fullGcs: 0,
    keptMB: 0,
    pauseUs: 0,
  });
});
