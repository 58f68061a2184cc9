import assert from "node:assert/strict";
import { API_BASE } from "../../../support/api_call.ts";
import { approvedCallback, startLoopbackService } from "../../../support/loopback_service.ts";
import {
  type Answer,
  assertFailure,
  assertSuccess,
  declaredPermission,
  send,
  validationPaths,
} from "../../../support/route_checks.ts";
import { authHeader } from "../../../support/service.ts";

/** The redirect as the browser follows it: no Authorization header, only the query Intuit wrote. */
const follow = (svc: { app: Parameters<typeof send>[0] }, query: string | URL): Promise<Answer> =>
  send(svc.app, "GET", `/oauth/callback${typeof query === "string" ? query : query.search}`, {});

const withParams = (callback: URL, changes: Record<string, string | null>) => {
  const url = new URL(callback);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
  }
  return url;
};

Deno.test({
  name: "registerOAuthCallbackRoute completes the connection for the state's organization, once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const svc = await startLoopbackService();
    try {
      assert.equal(await declaredPermission(svc.app, "GET", "/oauth/callback"), undefined, "PUBLIC");
      const callback = await approvedCallback(svc, "org-b");
      assert.equal(callback.pathname, `${API_BASE}/oauth/callback`);
      const done = await follow(svc, callback);
      const view = assertSuccess(done, 200);
      assert.deepEqual(
        [view.connected, view.status, view.realm_id, view.is_default, view.ready_for_sync],
        [true, "connected", callback.searchParams.get("realmId"), true, true],
      );
      assert.equal(view.company_name, "EstateCore Demo Properties LLC");
      assert.doesNotMatch(JSON.stringify(done.body), /access_token"|refresh_token"|"code"/);

      // The organization is the state's, never the caller's: org-b connected, org-a did not.
      const b = assertSuccess(
        await send(svc.app, "GET", "/status", await authHeader("org-b", "viewer")),
        200,
      );
      assert.equal(b.connected, true);
      const a = assertSuccess(
        await send(svc.app, "GET", "/status", await authHeader("org-a", "viewer")),
        200,
      );
      assert.equal(a.connected, false);

      const replay = await follow(svc, callback);
      assert.match(assertFailure(replay, 400, "OAUTH_STATE_INVALID").message, /unknown or was already used/);
      const audit = assertSuccess(
        await send(svc.app, "GET", "/audit", await authHeader("org-b", "admin")),
        200,
      );
      assert.deepEqual(
        audit.map((r: { action: string }) => r.action).filter((x: string) => x.startsWith("connection.")),
        ["connection.connected"],
      );
    } finally {
      await svc.close();
    }
  },
});

Deno.test({
  name:
    "registerOAuthCallbackRoute refuses a missing, unknown or expired state with OAUTH_STATE_INVALID, a denial with OAUTH_ACCESS_DENIED",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const svc = await startLoopbackService();
    try {
      const missing = assertFailure(await follow(svc, "?code=abc&realmId=123"), 400, "OAUTH_STATE_INVALID");
      assert.match(missing.message, /no state/);
      const unknown = await follow(svc, "?state=never-issued&code=abc&realmId=123");
      assert.match(assertFailure(unknown, 400, "OAUTH_STATE_INVALID").message, /unknown/);

      const denied = await approvedCallback(svc);
      const refused = await follow(svc, withParams(denied, { code: null, error: "access_denied" }));
      const error = assertFailure(refused, 403, "OAUTH_ACCESS_DENIED");
      assert.deepEqual(error.details, { oauth_error: "access_denied" });
      const afterDenial = await follow(svc, denied);
      assert.match(
        assertFailure(afterDenial, 400, "OAUTH_STATE_INVALID").message,
        /already used/,
        "a denied state is spent",
      );

      const noCode = await follow(svc, withParams(await approvedCallback(svc), { code: null }));
      assert.match(assertFailure(noCode, 400, "OAUTH_STATE_INVALID").message, /no authorization code/);
      const badRealm = await follow(svc, withParams(await approvedCallback(svc), { realmId: "12ab" }));
      assert.match(assertFailure(badRealm, 400, "OAUTH_STATE_INVALID").message, /realmId/);

      const late = await approvedCallback(svc);
      svc.clock.advance(10 * 60_000 + 1_000);
      assert.match(assertFailure(await follow(svc, late), 400, "OAUTH_STATE_INVALID").message, /expired/);

      const status = await send(svc.app, "GET", "/status", await authHeader("org-a", "viewer"));
      assert.equal(assertSuccess(status, 200).connected, false, "no refused callback connected anything");
    } finally {
      await svc.close();
    }
  },
});

Deno.test({
  name:
    "registerOAuthCallbackRoute validates its declared parameters and answers a code Intuit refuses with QB002",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const svc = await startLoopbackService();
    try {
      assert.deepEqual(validationPaths(await follow(svc, `?state=${"s".repeat(513)}`)), ["query.state"]);
      assert.deepEqual(validationPaths(await follow(svc, `?state=s&realmId=${"1".repeat(65)}`)), [
        "query.realmId",
      ]);
      assert.deepEqual(validationPaths(await follow(svc, `?state=s&error=${"e".repeat(201)}`)), [
        "query.error",
      ]);

      const forged = await follow(
        svc,
        withParams(await approvedCallback(svc), { code: "not-issued-by-intuit" }),
      );
      const error = assertFailure(forged, 409, "QB002");
      assert.deepEqual(error.details, { oauth_error: "invalid_grant" });
      const status = await send(svc.app, "GET", "/status", await authHeader("org-a", "viewer"));
      assert.equal(assertSuccess(status, 200).connected, false);
    } finally {
      await svc.close();
    }
  },
});
