import assert from "node:assert/strict";
import { SERVICE_VERSION } from "../../../../src/composition/service.ts";
import { assertSuccess, declaredPermission, send } from "../../../support/route_checks.ts";
import { startTestService } from "../../../support/service.ts";

Deno.test("registerHealthRoutes GET /health reports the service, its version and uptime by the service clock", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "GET", "/health"), undefined, "PUBLIC");
    const first = await send(svc.app, "GET", "/health", {});
    assert.deepEqual(assertSuccess(first, 200), {
      status: "ok",
      service: "estatecore-quickbooks",
      version: SERVICE_VERSION,
      uptime_seconds: 0,
    });
    assert.ok(first.headers.get("x-request-id"), "even liveness carries a request id");
    svc.clock.advance(90_500);
    assert.equal(assertSuccess(await send(svc.app, "GET", "/health", {}), 200).uptime_seconds, 90);
  } finally {
    await svc.close();
  }
});

Deno.test("registerHealthRoutes GET /health/ready answers 503 with the failing check when the database is gone", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "GET", "/health/ready"), undefined, "PUBLIC");
    assert.equal(assertSuccess(await send(svc.app, "GET", "/health/ready", {}), 200).ready, true);
    await svc.database.close();
    const down = await send(svc.app, "GET", "/health/ready", {});
    // Not ready is still an answer, not an error: the success envelope with the checks, status 503.
    assert.deepEqual(assertSuccess(down, 503), {
      ready: false,
      checks: {
        database: { ok: false, detail: "database unreachable" },
        quickbooks_circuits: { ok: false, detail: "unknown: database unreachable" },
      },
    });
    assert.ok(svc.logs.some((l) => l.includes("readiness check failed")), "the failure is logged");
    assert.equal(assertSuccess(await send(svc.app, "GET", "/health", {}), 200).status, "ok", "still alive");
  } finally {
    await svc.close();
  }
});
