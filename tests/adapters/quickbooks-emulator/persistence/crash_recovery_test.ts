/**
 * `deno task emulator` on a data file, killed with SIGKILL while writes are in flight, started
 * again on the same file: every write it answered is there (object, SyncToken, id), its tokens
 * still work, and the next object gets an id no answered object had.
 */
import assert from "node:assert/strict";
import {
  browseAll,
  connectRealm,
  fetcherFor,
  firstRealm,
  type Json,
  v3,
  v3Ok,
} from "../../../support/emulator_http.ts";
import { startEmulatorProcess } from "../../../support/emulator_process.ts";

Deno.test({
  name:
    "emulator process: after kill -9 mid-writes, every answered write and token is there and no id is re-issued",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "emulator-crash-" });
    const env = { QBO_EMULATOR_DATA_FILE: `${dir}/state.json`, QBO_EMULATOR_THROTTLE: "false" };
    let first = await startEmulatorProcess(env);
    try {
      const f = fetcherFor(first.base, first.adminToken);
      const realmId = await firstRealm(f);
      const { access } = await connectRealm(f, realmId);
      /** Every answered write: id -> the object as answered. */
      const answered = new Map<string, Json>();
      for (let i = 0; i < 5; i++) {
        const created = await v3Ok(f, access, realmId, "/customer", { DisplayName: `Sequential ${i}` });
        answered.set(created.Id, created);
      }
      const updated = await v3Ok(f, access, realmId, "/customer", {
        ...answered.get([...answered.keys()][0]),
        sparse: true,
        CompanyName: "Renamed Before The Crash",
      });
      answered.set(updated.Id, updated);
      const batch = await v3Ok<Json[]>(f, access, realmId, "/batch?requestid=b-crash-1", {
        BatchItemRequest: Array.from({ length: 30 }, (_, i) => ({
          bId: `b${i}`,
          operation: "create",
          Customer: { DisplayName: `Batched ${i}` },
        })),
      });
      for (const item of batch) answered.set(item.Customer.Id, item.Customer);

      // Sixty writes in flight; the process dies the moment the twentieth answer arrives. Any
      // answer that still gets out counts as answered.
      let killed: Promise<Deno.CommandStatus> | undefined;
      let concurrentAnswers = 0;
      const inFlight = Array.from({ length: 60 }, async (_, i) => {
        try {
          const res = await v3(f, access, realmId, "/customer", { DisplayName: `Concurrent ${i}` });
          assert.equal(res.status, 200, JSON.stringify(res.json));
          answered.set(res.json.Customer.Id, res.json.Customer);
          if (++concurrentAnswers === 20) killed = first.kill("SIGKILL");
        } catch {
          // Cut off by the kill: never answered.
        }
      });
      await Promise.all(inFlight);
      assert.ok(killed, `only ${concurrentAnswers} of 60 concurrent writes were answered`);
      assert.equal((await killed).signal, "SIGKILL");

      first = await startEmulatorProcess(env);
      const g = fetcherFor(first.base, first.adminToken);
      const customers = await browseAll(g, realmId, "Customer");
      const byId = new Map(customers.map((c) => [String(c.Id), c]));
      for (const [id, object] of answered) {
        const stored = byId.get(id);
        assert.ok(stored, `answered Customer ${id} (${object.DisplayName}) is there after the crash`);
        assert.equal(stored.DisplayName, object.DisplayName);
        assert.equal(
          stored.SyncToken,
          object.SyncToken,
          `Customer ${id} has the SyncToken it was answered with`,
        );
      }
      assert.equal(byId.get(updated.Id)?.CompanyName, "Renamed Before The Crash");
      const names = customers.map((c) => c.DisplayName);
      assert.equal(new Set(names).size, names.length, "no customer twice");

      const next = await v3Ok(g, access, realmId, "/customer", { DisplayName: "After The Crash" });
      assert.ok(!byId.has(next.Id), `id ${next.Id} was never handed out before`);
      assert.ok(Number(next.Id) > Math.max(...customers.map((c) => Number(c.Id))));
      const replay = await v3Ok<Json[]>(g, access, realmId, "/batch?requestid=b-crash-1", {
        BatchItemRequest: [{ bId: "b0", operation: "create", Customer: { DisplayName: "Batched 0" } }],
      });
      assert.deepEqual(
        replay.map((item) => item.Customer.Id),
        batch.map((item) => item.Customer.Id),
        "a batch resent with its requestid is answered from before the crash, not run again",
      );
    } finally {
      await first.kill("SIGKILL");
      await Deno.remove(dir, { recursive: true });
    }
  },
});
