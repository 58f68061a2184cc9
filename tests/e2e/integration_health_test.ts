/**
 * Integration health end to end, against the emulator mounted in the service: each component is
 * driven into its state (a revoked refresh token, a refresh token near its 5-year limit, a 503 storm
 * opening the breaker, a throttle storm, a backlog, a failing mapping, an old reconciliation) and the
 * status, the issue code and its recommendation are checked, then the recovery, with the hold and
 * recovery times passing on a moved service clock.
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  admin,
  apiWithToken,
  connect,
  connectWithMappings,
  loadSamplePortfolio,
  type Running,
  SECRET,
  startService,
} from "../support/e2e_service.ts";
import type { ServiceOverrides } from "../../src/composition/service.ts";

/** The service clock, set by the test; it keeps ticking in real time after each move. */
class MovableClock {
  #base: number;
  #setAt = Date.now();
  constructor(iso: string) {
    this.#base = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.#base + (Date.now() - this.#setAt));
  }
  advanceMinutes(minutes: number): void {
    this.#base = this.now().getTime() + minutes * 60_000;
    this.#setAt = Date.now();
  }
}

const START = "2026-06-01T12:00:00.000Z";

interface Harness {
  readonly run: Running;
  readonly clock: MovableClock;
  readonly org: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    claims?: Record<string, unknown>,
  ): Promise<{ status: number; body: any }>;
  health(): Promise<any>;
  close(): Promise<void>;
}

async function harness(
  org: string,
  overrides: ServiceOverrides = {},
  env: Record<string, string> = {},
): Promise<Harness> {
  const clock = new MovableClock(START);
  const run = await startService({ clock, ...overrides }, env);
  const call = async (method: string, path: string, body?: unknown, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const bearer = await new SignJWT({ org, role: "admin", ...claims }).setProtectedHeader({ alg: "HS256" })
      .setSubject("user-1").setIssuedAt(now - 60).setExpirationTime(now + 3600).sign(
        new TextEncoder().encode(SECRET),
      );
    return await apiWithToken(run, bearer, method, path, body);
  };
  assert.equal((await call("PUT", "/organization", { name: org })).status, 201);
  const health = async () => {
    const answer = await call("GET", "/health/integration");
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.data;
  };
  return { run, clock, org, call, health, close: () => run.close() };
}

const issue = (health: any, code: string) => health.issues.find((i: { code: string }) => i.code === code);

Deno.test({
  name:
    "GET /health/integration: a fresh connection is healthy; history, /summary, both mounts, token and scope",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await harness("org-health-fresh");
    try {
      const none = await h.health();
      assert.equal(none.status, "not_connected");
      assert.deepEqual(none.issues.map((i: { code: string }) => i.code), ["NO_COMPANY_CONNECTED"]);

      const { callback } = await connect(h.run, h.org, undefined, (m, p, b) => h.call(m, p, b));
      const realmId = callback.searchParams.get("realmId")!;
      const health = await h.health();
      assert.equal(health.status, "healthy", JSON.stringify(health.issues));
      assert.equal(health.companies.length, 1);
      const company = health.companies[0];
      assert.equal(company.realm_id, realmId);
      assert.equal(company.connection_health.connection_status, "connected");
      assert.equal(company.connection_health.last_refreshed_at !== null, true);
      assert.ok(company.connection_health.refresh_token_days_left >= 99);
      assert.equal(company.quickbooks_api.scope, "process");
      assert.ok(company.quickbooks_api.calls_last_hour > 0, "the connect flow read the company");
      assert.equal(company.quickbooks_api.breaker.state, "closed");
      assert.deepEqual(company.outbound_webhooks.applicable, false);
      assert.deepEqual(health.issues, []);

      const history = (await h.call("GET", "/health/integration/history")).body.data;
      assert.deepEqual(
        history.entries.map((e: any) => [e.realm_id, e.from, e.to]),
        [[realmId, null, "healthy"], [null, "not_connected", "healthy"], [null, null, "not_connected"]],
      );
      const orgOnly =
        (await h.call("GET", "/health/integration/history?organization_only=true&limit=1")).body.data;
      assert.deepEqual(orgOnly.entries.map((e: any) => e.to), ["healthy"]);
      const next = (await h.call(
        "GET",
        `/health/integration/history?organization_only=true&limit=1&cursor=${orgOnly.next_cursor}`,
      ))
        .body.data;
      assert.deepEqual(next.entries.map((e: any) => e.to), ["not_connected"]);

      const summary = (await h.call("GET", "/summary")).body.data;
      assert.equal(summary.overall_status, "healthy");
      assert.equal(summary.connection.connected, true);
      assert.equal(summary.connection.realm_id, realmId);
      assert.equal(summary.automation.enabled, false);
      assert.deepEqual(summary.issues, []);

      const v1 = await fetch(`${h.run.base}/api/v1/quickbooks/health/integration`);
      assert.equal(v1.status, 401, "a token is required");
      await v1.body?.cancel();
      const live = await fetch(`${h.run.base}/api/v1/quickbooks/health`);
      assert.equal(live.status, 200, "liveness needs none");
      await live.body?.cancel();
      const scoped = await h.call("GET", "/health/integration", undefined, {
        role: "property_manager",
        property_ids: ["p1"],
      });
      assert.equal(scoped.status, 403, JSON.stringify(scoped.body));
      assert.equal(scoped.body.error.code, "FORBIDDEN");

      const audit = (await h.call("GET", "/audit-trail?action=health.status_changed")).body.data.items;
      assert.deepEqual(
        audit.map((r: any) => [r.actor, r.target, r.details.from, r.details.to]),
        [
          ["system:health", `organization:${h.org}`, null, "not_connected"],
          ["system:health", `organization:${h.org}`, "not_connected", "healthy"],
          ["system:health", `realm:${realmId}`, null, "healthy"],
        ],
      );
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name:
    "GET /health/integration: a revoked refresh token is needs_reauthorization at once; re-authorizing recovers at once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await harness("org-health-revoked");
    try {
      const { callback } = await connect(h.run, h.org, undefined, (m, p, b) => h.call(m, p, b));
      const realmId = callback.searchParams.get("realmId")!;
      assert.equal((await h.health()).status, "healthy");
      await admin(h.run, "/tokens/revoke", { realmId });
      await admin(h.run, "/tokens/expire", { realmId });
      const refused = await h.run.service.quickbooks.gateway.query({ orgId: h.org, realmId }, {
        entityName: "Customer",
      })
        .catch((e) => e);
      assert.equal(refused.code, "QB002");

      const health = await h.health();
      assert.equal(health.status, "needs_reauthorization");
      assert.equal(health.companies[0].status, "needs_reauthorization");
      const reauth = issue(health, "CONNECTION_NEEDS_REAUTHORIZATION");
      assert.equal(reauth.severity, "critical");
      assert.equal(reauth.phase, "active", "no hold: nothing syncs until someone acts");
      assert.equal(reauth.component, "connection");
      assert.match(
        reauth.recommendation,
        /^Re-authorize QuickBooks for EstateCore Demo Properties LLC now \(POST \/connect\)/,
      );
      assert.equal(health.companies[0].connection_health.last_refresh_failure.code, "QB002");
      assert.deepEqual(health.recommendations, [reauth.recommendation]);

      await connect(h.run, h.org, realmId, (m, p, b) => h.call(m, p, b));
      const back = await h.health();
      assert.equal(back.status, "healthy", JSON.stringify(back.issues));
      const changes =
        (await h.call("GET", `/health/integration/history?realm_id=${realmId}`)).body.data.entries;
      assert.deepEqual(changes.map((e: any) => [e.from, e.to]), [
        ["needs_reauthorization", "healthy"],
        ["healthy", "needs_reauthorization"],
        [null, "healthy"],
      ]);
      assert.deepEqual(changes[1].issue_codes, ["CONNECTION_NEEDS_REAUTHORIZATION"]);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name:
    "GET /health/integration: a refresh token near its 5-year limit (moved clock) says the date to re-authorize before",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await harness("org-health-hard-expiry");
    try {
      await connect(h.run, h.org, undefined, (m, p, b) => h.call(m, p, b));
      const hard = (await h.health()).companies[0].connection_health.refresh_token_hard_expires_at;
      assert.ok(hard, "the emulator reports the hard expiry");
      const daysToHard = (Date.parse(hard) - h.clock.now().getTime()) / 86_400_000;
      h.clock.advanceMinutes((daysToHard - 45) * 24 * 60);
      const warned = await h.health();
      const pending = issue(warned, "REFRESH_TOKEN_HARD_EXPIRY");
      assert.equal(pending.phase, "pending");
      h.clock.advanceMinutes(6);
      const held = await h.health();
      const hardIssue = issue(held, "REFRESH_TOKEN_HARD_EXPIRY");
      assert.equal(hardIssue.severity, "warning");
      assert.equal(hardIssue.phase, "active");
      assert.equal(hardIssue.details.days_left, 44);
      assert.equal(
        hardIssue.recommendation,
        `Re-authorize QuickBooks for EstateCore Demo Properties LLC before ${hard.slice(0, 10)}: ` +
          "no refresh extends the 5-year limit",
      );
      // Years later, nothing pulled or reconciled either: those issues are there too (and critical).
      assert.ok(held.issues.some((i: any) => i.code === "CDC_CURSOR_STALE"));
      assert.equal(held.companies[0].connection_health.refresh_token_hard_days_left, 44);
      h.clock.advanceMinutes(40 * 24 * 60);
      const lastWeek = await h.health();
      assert.equal(issue(lastWeek, "REFRESH_TOKEN_HARD_EXPIRY").severity, "critical");
      assert.equal(
        issue(lastWeek, "REFRESH_TOKEN_HARD_EXPIRY").since,
        hardIssue.since,
        "the same condition, grown",
      );
      assert.equal(lastWeek.status, "unhealthy");
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name:
    "GET /health/integration: a 503 storm opens the breaker: unhealthy after the hold, healthy after the recovery time",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await harness("org-health-storm", {
      quickbooksResilience: {
        waitScale: 0,
        maxAttempts: 1,
        breakerThreshold: 3,
        breakerHalfOpenAfterMs: 300,
      },
    });
    try {
      const { callback } = await connect(h.run, h.org, undefined, (m, p, b) => h.call(m, p, b));
      const realmId = callback.searchParams.get("realmId")!;
      const target = { orgId: h.org, realmId };
      const gateway = h.run.service.quickbooks.gateway;
      await admin(h.run, "/faults", { type: "error", status: 503, count: 3, realmId });
      for (let i = 0; i < 3; i++) {
        assert.equal((await gateway.query(target, { entityName: "Customer" }).catch((e) => e)).code, "QB007");
      }

      const seen = await h.health();
      assert.equal(seen.status, "healthy", "not yet held for HEALTH_HOLD_MINUTES");
      assert.equal(issue(seen, "QUICKBOOKS_CIRCUIT_OPEN").phase, "pending");
      assert.equal(seen.companies[0].quickbooks_api.breaker.state, "open");
      assert.equal(seen.companies[0].quickbooks_api.errors_last_hour, 3);
      h.clock.advanceMinutes(6);
      const held = await h.health();
      assert.equal(held.status, "unhealthy");
      const open = issue(held, "QUICKBOOKS_CIRCUIT_OPEN");
      assert.equal(open.severity, "critical");
      assert.match(open.message, /QB007/);
      assert.match(open.recommendation, /^Check status\.developer\.intuit\.com for an outage/);

      await new Promise((resolve) => setTimeout(resolve, 350));
      assert.ok(await gateway.query(target, { entityName: "Customer" }), "the trial call closes the breaker");
      const recovering = await h.health();
      assert.equal(recovering.status, "unhealthy", "still counts until clear for HEALTH_RECOVER_MINUTES");
      assert.equal(issue(recovering, "QUICKBOOKS_CIRCUIT_OPEN").phase, "recovering");
      h.clock.advanceMinutes(10);
      assert.equal((await h.health()).status, "unhealthy");
      h.clock.advanceMinutes(6);
      const recovered = await h.health();
      assert.equal(recovered.status, "healthy", JSON.stringify(recovered.issues));
      const org =
        (await h.call("GET", "/health/integration/history?organization_only=true")).body.data.entries;
      assert.deepEqual(org.slice(0, 2).map((e: any) => [e.from, e.to]), [["unhealthy", "healthy"], [
        "healthy",
        "unhealthy",
      ]]);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "GET /health/integration: a throttle storm is QUICKBOOKS_THROTTLED with the realm's limit",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await harness(
      "org-health-throttle",
      { quickbooksResilience: { waitScale: 0, maxAttempts: 1 } },
      {
        HEALTH_API_THROTTLED_WARN: "4",
        HEALTH_HOLD_MINUTES: "0",
      },
    );
    try {
      const { callback } = await connect(h.run, h.org, undefined, (m, p, b) => h.call(m, p, b));
      const realmId = callback.searchParams.get("realmId")!;
      const target = { orgId: h.org, realmId };
      await admin(h.run, "/faults", { type: "throttle", count: 4, realmId, retryAfterSeconds: 0 });
      for (let i = 0; i < 4; i++) {
        const e = await h.run.service.quickbooks.gateway.query(target, { entityName: "Customer" }).catch((
          e,
        ) => e);
        assert.equal(e.code, "QB003");
      }
      const health = await h.health();
      assert.equal(health.companies[0].quickbooks_api.throttled_last_hour, 4);
      assert.equal(health.status, "degraded");
      const throttled = issue(health, "QUICKBOOKS_THROTTLED");
      assert.equal(throttled.severity, "warning");
      assert.match(
        throttled.recommendation,
        new RegExp(`realm ${realmId}'s limit of 500 requests per minute`),
      );
      h.clock.advanceMinutes(61);
      const calm = await h.health();
      assert.equal(
        calm.companies[0].quickbooks_api.throttled_last_hour,
        0,
        "an hour later the storm is out of the window",
      );
      assert.equal(issue(calm, "QUICKBOOKS_THROTTLED").phase, "recovering");
    } finally {
      await h.close();
    }
  },
});
