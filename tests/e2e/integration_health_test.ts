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
  call(method: string, path: string, body?: unknown, claims?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  health(): Promise<any>;
  close(): Promise<void>;
}

async function harness(org: string, overrides: ServiceOverrides = {}, env: Record<string, string> = {}): Promise<Harness> {
  const clock = new MovableClock(START);
  const run = await startService({ clock, ...overrides }, env);
  const call = async (method: string, path: string, body?: unknown, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(clock.now().getTime() / 1000);
    const bearer = await new SignJWT({ org, role: "admin", ...claims }).setProtectedHeader({ alg: "HS256" })
      .setSubject("user-1").setIssuedAt(now - 60).setExpirationTime(now + 3600).sign(new TextEncoder().encode(SECRET));
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
  name: "GET /health/integration: a fresh connection is healthy; history, /summary, both mounts, token and scope",
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
      const orgOnly = (await h.call("GET", "/health/integration/history?organization_only=true&limit=1")).body.data;
      assert.deepEqual(orgOnly.entries.map((e: any) => e.to), ["healthy"]);
      const next = (await h.call("GET", `/health/integration/history?organization_only=true&limit=1&cursor=${orgOnly.next_cursor}`))
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
      const scoped = await h.call("GET", "/health/integration", undefined, { role: "property_manager", property_ids: ["p1"] });
      assert.equal(scoped.status, 403, JSON.stringify(scoped.body));
      assert.equal(scoped.body.error.code, "FORBIDDEN");

      const audit = (await h.call("GET", "/audit-trail?action=health.status_changed")).body;
      assert.ok(JSON.stringify(audit).includes("health.status_changed"), JSON.stringify(audit).slice(0, 400));
    } finally {
      await h.close();
    }
  },
});
