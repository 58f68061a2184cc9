/**
 * GET /status while QuickBooks is down: after a burst of 503s opens the company's circuit, the
 * status shows the breaker open with the error that opened it, when it opened and when it retries,
 * at once (not only after the next call).
 */
import assert from "node:assert/strict";
import { admin, api, connect, startService } from "../support/e2e_service.ts";

const HALF_OPEN_AFTER_MS = 30_000;

Deno.test({
  name: "GET /status after a burst of 503s shows the open circuit, its error, opened_at and retry_at",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService({
      quickbooksResilience: {
        waitScale: 0,
        maxAttempts: 2,
        breakerThreshold: 3,
        breakerHalfOpenAfterMs: HALF_OPEN_AFTER_MS,
      },
    });
    try {
      const org = "org-circuit";
      assert.equal((await api(run, "PUT", "/organization", org, { name: "Circuit" })).status, 201);
      const { callback, status } = await connect(run, org);
      assert.equal(status, 200);
      const realmId = callback.searchParams.get("realmId")!;
      const target = { orgId: org, realmId };
      const gateway = run.service.quickbooks.gateway;

      const healthy = (await api(run, "GET", "/status", org)).body.data;
      assert.equal(healthy.circuit, "closed");
      assert.equal(healthy.circuit_opened_at, null);
      assert.equal(healthy.circuit_retry_at, null);

      const before = Date.now();
      await admin(run, "/faults", { type: "error", status: 503, count: 100, realmId });
      for (let i = 0; i < 2; i++) {
        const error = await gateway.query(target, { entityName: "Customer" }).catch((e) => e);
        assert.equal(error.code, "QB007");
      }
      const after = Date.now();

      const view = (await api(run, "GET", "/status", org)).body.data;
      assert.equal(view.circuit, "open");
      assert.equal(view.ready_for_sync, false);
      assert.ok(view.last_error, "the error that opened the circuit is shown at once");
      assert.equal(view.last_error.code, "QB007");
      assert.ok(view.last_error.message.length > 0);
      assert.equal(view.last_error.at, view.circuit_opened_at);
      const openedAt = Date.parse(view.circuit_opened_at);
      assert.ok(openedAt >= before - 1000 && openedAt <= after + 1000, view.circuit_opened_at);
      assert.equal(Date.parse(view.circuit_retry_at) - openedAt, HALF_OPEN_AFTER_MS);

      const listed = (await api(run, "GET", "/connections", org)).body.data;
      assert.equal(listed[0].circuit_retry_at, view.circuit_retry_at);
      const paused = await gateway.query(target, { entityName: "Customer" }).catch((e) => e);
      assert.equal(paused.code, "QB007");
      assert.equal(
        paused.details.circuit_retry_at,
        view.circuit_retry_at,
        "a call the open circuit stopped says when calls go through again (a job waits until then)",
      );
    } finally {
      await run.close();
    }
  },
});
