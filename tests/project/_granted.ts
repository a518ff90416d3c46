// Run by permissions_test.ts as `deno test -P tests/project/_granted.ts`:
// passes only if deno.json's test permission set grants what the suite uses.
import assert from "node:assert/strict";

Deno.test("the test permission set grants net, env, read, run and write", () => {
  for (const name of ["net", "env", "read", "run", "write"] as const) {
    assert.equal(Deno.permissions.querySync({ name }).state, "granted", name);
  }
});
