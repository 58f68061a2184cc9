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

// deno-lint-ignore no-explicit-any
type Json = any;

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

/** Real time at the start, so tokens signed on the real clock (the shared helpers) are valid too. */
const START = new Date().toISOString();

interface Harness {
  readonly run: Running;
  readonly clock: MovableClock;
  readonly org: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    claims?: Record<string, unknown>,
  ): Promise<{ status: number; body: Json }>;
  health(): Promise<Json>;
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

const issue = (health: Json, code: string) => health.issues.find((i: { code: string }) => i.code === code);

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
        history.entries.map((e: Json) => [e.realm_id, e.from, e.to]),
        [[realmId, null, "healthy"], [null, "not_connected", "healthy"], [null, null, "not_connected"]],
      );
      const orgOnly =
        (await h.call("GET", "/health/integration/history?organization_only=true&limit=1")).body.data;
      assert.deepEqual(orgOnly.entries.map((e: Json) => e.to), ["healthy"]);
      const next = (await h.call(
        "GET",
        `/health/integration/history?organization_only=true&limit=1&cursor=${orgOnly.next_cursor}`,
      ))
        .body.data;
      assert.deepEqual(next.entries.map((e: Json) => e.to), ["not_connected"]);

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
        audit.map((r: Json) => [r.actor, r.target, r.details.from, r.details.to]),
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
      assert.deepEqual(changes.map((e: Json) => [e.from, e.to]), [
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
      assert.ok(held.issues.some((i: Json) => i.code === "CDC_CURSOR_STALE"));
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
      assert.deepEqual(org.slice(0, 2).map((e: Json) => [e.from, e.to]), [["unhealthy", "healthy"], [
        "healthy",
        "unhealthy",
      ]]);
      const events = (await h.call("GET", "/events?types=health.status_changed")).body.data;
      assert.deepEqual(
        events.items.map((e: Json) => [e.data.realm_id, e.data.from, e.data.to, e.data.issue_codes]),
        [
          [null, "healthy", "unhealthy", ["QUICKBOOKS_CIRCUIT_OPEN"]],
          [realmId, "healthy", "unhealthy", ["QUICKBOOKS_CIRCUIT_OPEN"]],
          [null, "unhealthy", "healthy", []],
          [realmId, "unhealthy", "healthy", []],
        ],
        "announced as outbound events (not the first evaluation's)",
      );
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

Deno.test({
  name:
    "GET /health/integration: a backlog, then a failing mapping naming the property, then recovery after the fix",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await harness("org-health-sync", {}, {
      HEALTH_BACKLOG_RECORDS_WARN: "5",
      HEALTH_HOLD_MINUTES: "0",
    });
    try {
      const call = (m: string, p: string, b?: unknown) => h.call(m, p, b);
      const { target, mappings } = await connectWithMappings(h.run, h.org, call);
      assert.equal(mappings.status, 200, JSON.stringify(mappings.body));
      const full = (await call("GET", "/mappings")).body.data;
      const { intake } = await loadSamplePortfolio(h.run, h.org, {
        properties: 2,
        unitsPerProperty: 1,
        months: 1,
        moveOut: true,
      });
      assert.equal(intake.status, 200, JSON.stringify(intake.body));

      const waiting = await h.health();
      const backlog = issue(waiting, "SYNC_BACKLOG");
      assert.ok(backlog, JSON.stringify(waiting.issues));
      assert.equal(waiting.status, "degraded");
      assert.ok(waiting.companies[0].sync_health.backlog.records_changed >= 5);
      assert.equal(waiting.companies[0].sync_health.last_push_at, null);
      assert.equal(
        backlog.recommendation,
        `Run a push (POST /sync with direction push and realm_id ${target.realmId}) ` +
          "and check why scheduled syncs did not",
      );

      // The deposit liability account is no longer mapped: deposits cannot be mapped (QB006).
      const { security_deposit_liability: _dropped, ...accounts } = full.defaults.accounts;
      const unmapped = await call("PUT", "/mappings/default", { ...full.defaults, accounts });
      assert.equal(unmapped.status, 200, JSON.stringify(unmapped.body));
      const push = async () => {
        const queued = await call("POST", "/sync", { direction: "push" });
        assert.ok(queued.status === 202 || queued.status === 200, JSON.stringify(queued.body));
        while (await h.run.service.worker.runOnce()) { /* drain */ }
        return (await call("GET", `/sync/jobs/${queued.body.data.id}`)).body.data;
      };
      const failedPush = await push();
      assert.equal(failedPush.status, "succeeded_with_errors", JSON.stringify(failedPush));
      const failing = await h.health();
      const mapping = failing.issues.find((i: Json) => i.details.error_code === "QB006");
      assert.ok(mapping, JSON.stringify(failing.issues));
      assert.deepEqual(
        failing.issues.filter((i: Json) => i.code === "SYNC_RECORDS_FAILING").map((i: Json) =>
          i.details.error_code
        )
          .sort(),
        ["BLOCKED", "QB006"],
        "payments wait for the invoices that cannot be mapped",
      );
      const group = failing.companies[0].sync_health.failing_records.find((g: Json) =>
        g.error_code === "QB006"
      );
      const property = group.example.property_id;
      assert.ok(property, JSON.stringify(group));
      assert.match(
        mapping.recommendation,
        new RegExp(
          `^Map the missing account for property ${property} \\(No QuickBooks account mapped for ` +
            `security_deposit[^)]* at property ${property}\\) with PUT /mappings/properties/${property}`,
        ),
      );
      assert.match(mapping.recommendation, new RegExp(`POST /sync/records/${group.example.record_type}/`));
      assert.equal(issue(failing, "SYNC_BACKLOG").phase, "recovering", "the push took the backlog");
      assert.equal(failing.status, "degraded");

      assert.equal((await call("PUT", "/mappings/default", full.defaults)).status, 200);
      assert.equal((await push()).status, "succeeded");
      const fixed = await h.health();
      assert.equal(issue(fixed, "SYNC_RECORDS_FAILING").phase, "recovering");
      assert.equal(fixed.companies[0].sync_health.failing_records.length, 0);
      h.clock.advanceMinutes(16);
      const recovered = await h.health();
      assert.equal(recovered.status, "healthy", JSON.stringify(recovered.issues));
      assert.deepEqual(recovered.issues, []);
    } finally {
      await h.close();
    }
  },
});

Deno.test({
  name: "GET /health/integration: an old reconciliation is RECONCILIATION_STALE; a new one recovers it",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const h = await harness("org-health-reconcile");
    try {
      const call = (m: string, p: string, b?: unknown) => h.call(m, p, b);
      const { target } = await connectWithMappings(h.run, h.org, call);
      const period = { from: "2026-01-01", to: "2026-12-31" };
      const report = await call("POST", "/reconcile", period);
      assert.equal(report.status, 201, JSON.stringify(report.body));
      const fresh = await h.health();
      assert.deepEqual(fresh.companies[0].data_quality.integrity_score, { by_count: 100, by_amount: 100 });
      assert.equal(fresh.companies[0].data_quality.report_id, report.body.data.id);
      assert.equal(issue(fresh, "RECONCILIATION_STALE"), undefined);

      h.clock.advanceMinutes(36 * 24 * 60);
      assert.equal(issue(await h.health(), "RECONCILIATION_STALE").phase, "pending");
      h.clock.advanceMinutes(6);
      const old = await h.health();
      const stale = issue(old, "RECONCILIATION_STALE");
      assert.equal(stale.phase, "active");
      assert.equal(stale.realm_id, target.realmId);
      assert.equal(stale.component, "data_quality");
      assert.equal(stale.details.age_days, 36);
      assert.match(
        stale.message,
        new RegExp(`last reconciliation of realm ${target.realmId} ran on ${START.slice(0, 10)}`),
      );
      assert.equal(
        stale.recommendation,
        "Run a reconciliation (POST /reconcile), or enable the scheduled reconciliation workflow",
      );
      assert.notEqual(old.status, "healthy");

      assert.equal((await call("POST", "/reconcile", period)).status, 201);
      assert.equal(issue(await h.health(), "RECONCILIATION_STALE").phase, "recovering");
      h.clock.advanceMinutes(16);
      assert.equal(issue(await h.health(), "RECONCILIATION_STALE"), undefined);
    } finally {
      await h.close();
    }
  },
});
