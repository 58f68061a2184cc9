/**
 * Issue 16: "an operation that changed state and failed to record its audit entry is not
 * acknowledged as done". Over HTTP, with the audit trail refusing every entry (a trigger the test
 * installs), each kind of change is answered with an error and leaves nothing changed; once the
 * trail takes entries again, the same requests succeed and are recorded.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { api, startService } from "../support/e2e_service.ts";

const ORG = "org-atomic";

/** One change of each kind, and how to read back what it would have changed. */
const CHANGES: ReadonlyArray<{
  readonly name: string;
  readonly send: readonly [string, string, unknown];
  readonly readBack: readonly [string, string];
  readonly unchanged: (body: { data: unknown }) => boolean;
}> = [
  {
    name: "sync settings",
    send: ["PUT", "/settings/sync", { conflict_resolution: "manual" }],
    readBack: ["GET", "/settings/sync"],
    unchanged: (b) => (b.data as { version: number }).version === 0,
  },
  {
    name: "mapping rules",
    send: ["PUT", "/settings/mapping-rules", { invoice_memo_template: "Rent {billing_period}" }],
    readBack: ["GET", "/settings/mapping-rules"],
    unchanged: (b) => (b.data as { version: number }).version === 0,
  },
  {
    name: "a record",
    send: ["PUT", "/records/property/p-atomic", { organization_id: ORG, name: "Atomic Court" }],
    readBack: ["GET", "/records/property/p-atomic"],
    unchanged: () => false,
  },
  {
    name: "a user's access grant",
    send: ["PUT", "/enterprise/users/user-2/access", { access_level: "read_only" }],
    readBack: ["GET", "/enterprise/users/user-2/access"],
    unchanged: () => false,
  },
  {
    name: "an API key",
    send: ["POST", "/enterprise/api-keys", { name: "atomic", scopes: ["sync:read"] }],
    readBack: ["GET", "/enterprise/api-keys"],
    unchanged: (b) => (b.data as { items: unknown[] }).items.length === 0,
  },
  {
    name: "rate limits",
    send: ["PUT", "/enterprise/rate-limits", {
      organization: { limit: 21, window_seconds: 60, burst: 10 },
      per_user: { limit: 6, window_seconds: 60, burst: 5 },
      per_key: { limit: 8, window_seconds: 60, burst: 5 },
    }],
    readBack: ["GET", "/enterprise/rate-limits"],
    unchanged: (b) => JSON.stringify(b.data).includes('"limit":21') === false,
  },
];

Deno.test({
  name: "audit e2e: a change whose audit entry cannot be written is refused and leaves nothing changed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      assert.equal((await api(run, "PUT", "/organization", ORG, { name: "Atomic Properties" })).status, 201);
      const { db } = run.service.database;
      const entries = async () =>
        Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM audit_log`.execute(db)).rows[0].n);
      const before = await entries();
      await sql`CREATE TRIGGER audit_down BEFORE INSERT ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit trail unavailable'); END`.execute(db);

      for (const change of CHANGES) {
        const [method, path, body] = change.send;
        const refused = await api(run, method, path, ORG, body);
        // The database's refusal comes back as it is (a trigger's: CONFLICT, naming audit_log).
        assert.equal(refused.status, 409, `${change.name}: ${JSON.stringify(refused.body)}`);
        assert.equal(refused.body.error.code, "CONFLICT", change.name);
        assert.equal(refused.body.error.details.table, "audit_log", change.name);
      }
      assert.equal(await entries(), before);

      // Read back once the trail takes entries again (reading API keys is itself recorded).
      await sql`DROP TRIGGER audit_down`.execute(db);
      for (const change of CHANGES) {
        const [readMethod, readPath] = change.readBack;
        const read = await api(run, readMethod, readPath, ORG);
        assert.ok(
          read.status === 404 || (read.status === 200 && change.unchanged(read.body)),
          `${change.name} changed although its audit entry was refused: ${read.status} ${
            JSON.stringify(read.body)
          }`,
        );
      }
      const afterReads = await entries();
      for (const change of CHANGES) {
        const [method, path, body] = change.send;
        const done = await api(run, method, path, ORG, body);
        assert.ok(done.status === 200 || done.status === 201, `${change.name}: ${JSON.stringify(done.body)}`);
      }
      assert.equal(await entries(), afterReads + CHANGES.length, "one entry per change, none left over");
    } finally {
      await run.close();
    }
  },
});
