import assert from "node:assert/strict";
import {
  isBusyError,
  retryWhileBusy,
  serializedWrite,
} from "../../../adapters/persistence/serialized_writes.ts";

const locked = () => Object.assign(new Error("SQLITE_BUSY: database is locked"), { code: "SQLITE_BUSY" });

Deno.test("retryWhileBusy retries only 'database is locked' failures", async () => {
  let calls = 0;
  const value = await retryWhileBusy("sqlite", () => {
    calls++;
    return calls < 3 ? Promise.reject(locked()) : Promise.resolve("done");
  });
  assert.equal(value, "done");
  assert.equal(calls, 3);
  let other = 0;
  await assert.rejects(
    retryWhileBusy("sqlite", () => {
      other++;
      return Promise.reject(new Error("UNIQUE constraint failed"));
    }),
    (e) => e instanceof Error && e.message === "UNIQUE constraint failed",
  );
  assert.equal(other, 1);
  let postgres = 0;
  await assert.rejects(
    retryWhileBusy("postgres", () => {
      postgres++;
      return Promise.reject(locked());
    }),
    (e) => e instanceof Error && (e as Error & { code?: string }).code === "SQLITE_BUSY",
  );
  assert.equal(postgres, 1, "PostgreSQL waits on locks itself; nothing is retried");
});

Deno.test("isBusyError looks through causes and ignores other SQLite errors", () => {
  assert.equal(isBusyError({ cause: locked() }), true);
  assert.equal(
    isBusyError(new Error("SQLITE_BUSY: cannot commit transaction - SQL statements in progress")),
    false,
  );
  assert.equal(isBusyError(new Error("SQLITE_CONSTRAINT")), false);
  assert.equal(isBusyError(null), false);
});

Deno.test("serializedWrite runs SQLite writes of one handle one at a time, in call order", async () => {
  const handle = {};
  const events: string[] = [];
  const step = (name: string, waits: number) =>
    serializedWrite(handle, "sqlite", async () => {
      events.push(`${name}:start`);
      for (let i = 0; i < waits; i++) await Promise.resolve();
      events.push(`${name}:end`);
      return name;
    });
  const failing = serializedWrite(handle, "sqlite", () => Promise.reject(new Error("boom")));
  const results = await Promise.allSettled([step("a", 5), failing, step("b", 1), step("c", 0)]);
  assert.deepEqual(events, ["a:start", "a:end", "b:start", "b:end", "c:start", "c:end"]);
  assert.equal(results[1].status, "rejected", "a failed write does not stop the ones queued after it");
});
