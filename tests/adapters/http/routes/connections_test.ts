import assert from "node:assert/strict";
import { seedConnection } from "../../../support/connection_rows.ts";
import { connectCompany, startLoopbackService } from "../../../support/loopback_service.ts";
import {
  accessAnswers,
  assertFailure,
  assertSuccess,
  declaredPermission,
  sameForEveryRole,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader, startTestService } from "../../../support/service.ts";

const NOT_CONNECTED = {
  connected: false,
  status: "disconnected",
  realm_id: null,
  company_name: null,
  is_default: false,
  access_token_expires_at: null,
  refresh_token_expires_at: null,
  refresh_token_hard_expires_at: null,
  tracking: { class: false, location: false },
  circuit: "closed",
  circuit_opened_at: null,
  circuit_retry_at: null,
  ready_for_sync: false,
  last_error: null,
  mapping_validation: { state: "unchecked", realm_id: null, checked_at: null, problems: [] },
  tracking_problem: null,
};

Deno.test("registerConnectionRoutes GET /status and GET /connections answer 'not connected' before any company", async () => {
  const svc = await startTestService();
  try {
    const viewer = await authHeader("org-a", "viewer");
    assert.deepEqual(assertSuccess(await send(svc.app, "GET", "/status", viewer), 200), NOT_CONNECTED);
    assert.deepEqual(assertSuccess(await send(svc.app, "GET", "/connections", viewer), 200), []);

    const unknown = await send(svc.app, "GET", "/status?realm_id=123", viewer);
    assert.deepEqual(assertFailure(unknown, 404, "NOT_FOUND").details, { realm_id: "123" });
    assert.deepEqual(validationPaths(await send(svc.app, "GET", "/status?realm_id=12ab", viewer)), [
      "query.realm_id",
    ]);
    assert.deepEqual(validationPaths(await send(svc.app, "GET", "/status?realmId=123", viewer)), [
      "query.realmId",
    ]);
  } finally {
    await svc.close();
  }
});

Deno.test("registerConnectionRoutes GET /status names a realm or takes the default; GET /connections lists the organization's only", async () => {
  const svc = await startTestService();
  try {
    await seedConnection(svc, "org-a", { realmId: "111", companyName: "First LLC" });
    await seedConnection(svc, "org-a", {
      realmId: "222",
      companyName: "Second LLC",
      isDefault: false,
      status: "needs_reauthorization",
      lastErrorCode: "QB002",
      lastErrorMessage: "reconnect",
      lastErrorAt: "2026-06-01T11:00:00.000Z",
      classTrackingEnabled: true,
    });
    await seedConnection(svc, "org-b", { realmId: "333" });
    const h = await authHeader("org-a", "viewer");

    const byDefault = assertSuccess(await send(svc.app, "GET", "/status", h), 200);
    assert.deepEqual([byDefault.realm_id, byDefault.company_name, byDefault.is_default], [
      "111",
      "First LLC",
      true,
    ]);
    const named = assertSuccess(await send(svc.app, "GET", "/status?realm_id=222", h), 200);
    assert.deepEqual(
      [named.connected, named.status, named.ready_for_sync, named.tracking],
      [false, "needs_reauthorization", false, { class: true, location: false }],
    );
    assert.deepEqual(named.last_error, {
      code: "QB002",
      message: "reconnect",
      at: "2026-06-01T11:00:00.000Z",
    });
    const otherOrgs = await send(svc.app, "GET", "/status?realm_id=333", h);
    assertFailure(otherOrgs, 404, "NOT_FOUND");

    const all = assertSuccess(await send(svc.app, "GET", "/connections", h), 200);
    assert.deepEqual(all.map((c: { realm_id: string }) => c.realm_id).sort(), ["111", "222"]);
    assert.doesNotMatch(JSON.stringify(all), /encrypted|access_token"|refresh_token"/);
  } finally {
    await svc.close();
  }
});

Deno.test("registerConnectionRoutes declares connections:read and connections:manage and refuses other roles", async () => {
  const svc = await startTestService();
  try {
    assert.equal(await declaredPermission(svc.app, "GET", "/status"), "connections:read");
    assert.equal(await declaredPermission(svc.app, "GET", "/connections"), "connections:read");
    assert.equal(await declaredPermission(svc.app, "POST", "/connect"), "connections:manage");
    assert.equal(await declaredPermission(svc.app, "POST", "/disconnect"), "connections:manage");
    const manage = {
      anonymous: "401 AUTH_MISSING_TOKEN",
      accountant: "403 FORBIDDEN connections:manage",
      property_manager: "403 FORBIDDEN connections:manage",
      viewer: "403 FORBIDDEN connections:manage",
      service: "403 FORBIDDEN connections:manage",
    };
    // A malformed body: the admin reaches validation, nobody reaches the use case.
    assert.deepEqual(await accessAnswers(svc.app, "POST", "/disconnect", { realm_id: "x" }), {
      ...manage,
      admin: "400 VALIDATION_FAILED",
    });
    assert.deepEqual(
      await accessAnswers(svc.app, "POST", "/connect", undefined, [
        "accountant",
        "property_manager",
        "viewer",
        "service",
      ]),
      manage,
    );
    // Every role reads connections.
    assert.deepEqual(await accessAnswers(svc.app, "GET", "/connections"), sameForEveryRole("200"));
  } finally {
    await svc.close();
  }
});

Deno.test("registerConnectionRoutes POST /disconnect validates the realm and never guesses between companies", async () => {
  const svc = await startTestService();
  try {
    const h = await authHeader("org-a", "admin");
    assertFailure(await send(svc.app, "POST", "/disconnect", h), 404, "NOT_FOUND");
    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/disconnect", h, { realmId: "111" })), [
      "json.realmId",
    ]);
    assert.deepEqual(validationPaths(await send(svc.app, "POST", "/disconnect", h, { realm_id: "one" })), [
      "json.realm_id",
    ]);

    await seedConnection(svc, "org-a", { realmId: "111", encryptedTokens: "sealed-1" });
    await seedConnection(svc, "org-a", { realmId: "222", encryptedTokens: "sealed-2", isDefault: false });
    const unnamed = await send(svc.app, "POST", "/disconnect", h);
    const error = assertFailure(unnamed, 400, "VALIDATION_FAILED");
    assert.deepEqual(error.details?.issues.map((i: { path: string }) => i.path), ["json.realm_id"]);
    assert.deepEqual([...error.details?.realm_ids].sort(), ["111", "222"]);
    const unknown = await send(svc.app, "POST", "/disconnect", h, { realm_id: "999" });
    assert.deepEqual(assertFailure(unknown, 404, "NOT_FOUND").details, { realm_id: "999" });
    const statuses = assertSuccess(await send(svc.app, "GET", "/connections", h), 200)
      .map((c: { status: string }) => c.status);
    assert.deepEqual(statuses, ["connected", "connected"], "nothing was disconnected");
  } finally {
    await svc.close();
  }
});

Deno.test({
  name: "registerConnectionRoutes POST /connect -> callback -> POST /disconnect against the emulator",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const svc = await startLoopbackService();
    try {
      const h = await authHeader("org-a", "admin");
      const started = await send(svc.app, "POST", "/connect", h);
      const data = assertSuccess(started, 200);
      const url = new URL(data.authorization_url);
      assert.equal(url.origin, svc.base);
      assert.ok(url.pathname.startsWith("/qbo-emulator/"), url.pathname);
      assert.equal(url.searchParams.get("client_id"), svc.config.quickbooks.clientId);
      assert.equal(url.searchParams.get("redirect_uri"), `${svc.base}/api/quickbooks/oauth/callback`);
      assert.match(url.searchParams.get("state") ?? "", /^.{16,}$/);
      const ttl = Date.parse(data.expires_at) - Date.parse(started.body.timestamp);
      assert.ok(ttl > 9.9 * 60_000 && ttl <= 10 * 60_000, `the state lives ten minutes (${ttl} ms)`);
      assert.notEqual(
        new URL(assertSuccess(await send(svc.app, "POST", "/connect", h), 200).authorization_url).searchParams
          .get("state"),
        url.searchParams.get("state"),
        "every start has its own state",
      );

      const realmId = await connectCompany(svc, "org-a");
      const status = assertSuccess(await send(svc.app, "GET", "/status", h), 200);
      assert.deepEqual([status.connected, status.realm_id, status.ready_for_sync], [true, realmId, true]);
      assert.equal(status.company_name, "EstateCore Demo Properties LLC");
      assert.equal(assertSuccess(await send(svc.app, "GET", "/connections", h), 200).length, 1);
      assert.deepEqual(
        assertSuccess(await send(svc.app, "GET", "/connections", await authHeader("org-b")), 200),
        [],
      );

      const disconnected = await send(svc.app, "POST", "/disconnect", h);
      assert.deepEqual(assertSuccess(disconnected, 200), { realm_id: realmId, revoked_at_intuit: true });
      const after = assertSuccess(await send(svc.app, "GET", "/status", h), 200);
      assert.deepEqual([after.connected, after.status, after.access_token_expires_at], [
        false,
        "disconnected",
        null,
      ]);
      const again = await send(svc.app, "POST", "/disconnect", h, { realm_id: realmId });
      assert.deepEqual(
        assertSuccess(again, 200),
        { realm_id: realmId, revoked_at_intuit: false },
        "a second disconnect has no tokens left to revoke",
      );
    } finally {
      await svc.close();
    }
  },
});
