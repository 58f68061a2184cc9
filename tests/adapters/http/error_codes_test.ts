/**
 * Every error an operation answers with is one its OpenAPI document declares, and every code it
 * declares is one the service really answers with. The declared sets are derived (access, request,
 * `raises(...)`); this test does not read them to decide what to send. It sends, to the service on
 * loopback with the built-in QuickBooks emulator:
 * - probes built from each operation's shape alone (no token, a bad or expired token, a role without
 *   the permission, an unregistered organization, a property-scoped caller, invalid parameters, and
 *   for bodies malformed JSON, another media type, an unknown field, a body over the limit);
 * - scenarios for what only the use case knows (another organization, a spent OAuth state, an unsigned
 *   webhook, a connection that needs re-authorization, QuickBooks down or throttling, a resolved report).
 * Then each observed error must be declared on its operation, at its status, and each declared code
 * must have been observed (INTERNAL_ERROR aside, and the few listed in NOT_PROVOKED with the reason).
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { ROLE_PERMISSIONS } from "../../../domain/access/roles.ts";
import { ERROR_STATUS } from "../../../adapters/http/error_status.ts";
import {
  admin,
  adminHeaders,
  api,
  connect,
  type Running,
  SECRET,
  startService,
  VERIFIER,
} from "../../support/e2e_service.ts";

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  tags?: string[];
  responses: Record<string, { "x-error-codes"?: string[] }>;
  "x-error-codes": string[];
  "x-required-permission"?: string;
  "x-unregistered-organization-allowed"?: boolean;
}

/** Declared codes no request here can provoke, each with the reason and where it is tested instead. */
const NOT_PROVOKED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "POST /reconcile/{id}/resolve": {
    QB004: "QuickBooks refusing to void a confirmed duplicate needs a duplicate in both books and a void " +
      "fault; the emulator injects only 5xx, drops and throttles",
    QB001: "raised by the token store when the company has no tokens; provoked on POST /reconcile",
  },
  "POST /sync/reviews/{review_id}/resolve": {
    QB001:
      "a review needs an active link to reach QuickBooks; the gateway codes are provoked on POST /reconcile",
    QB002: "as QB001",
    QB003: "as QB001",
    QB007: "as QB001",
  },
  "GET /oauth/callback": {
    QB001: "the callback stores fresh tokens before it reads the company; provoked on POST /reconcile",
    QB002: "as QB001",
  },
  "GET /qbo/{entity}/{id}": {
    QB004: "the emulator answers a read of a well-formed id with the object or fault 610 (NOT_FOUND here); " +
      "QuickBooks' other read faults are tested on the other pass-through operations",
  },
};

const ORG = "org-codes";
const OTHER = "org-codes-other";

type Observed = Map<string, Map<string, number>>;

async function bearer(claims: Record<string, unknown>, expiresAt = Math.floor(Date.now() / 1000) + 3600) {
  return await new SignJWT({ org: ORG, role: "admin", ...claims }).setProtectedHeader({ alg: "HS256" })
    .setSubject("user-codes").setIssuedAt(Math.floor(Date.now() / 1000) - 120).setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(SECRET));
}

/** Path parameters that must be one of a few values to reach the operation's body at all. */
const FIXED_PARAMETERS: Readonly<Record<string, string>> = {
  record_type: "tenant",
  entity: "Invoice",
  report: "ProfitAndLoss",
  id: "1",
};

function concrete(path: string, value = (name: string) => FIXED_PARAMETERS[name] ?? `${name}-1`): string {
  return path.replace(/\{(\w+)\}/g, (_, name) => value(name));
}

Deno.test({
  name: "every error an operation answers with is declared on it, and every declared code is answered",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    // Rate limits on, far above what the probes send, so that only the key made to be throttled is.
    const generous = "1000000/60s:100000";
    const run = await startService({
      quickbooksResilience: { waitScale: 0, maxAttempts: 2, breakerThreshold: 1000 },
    }, {
      RATE_LIMITING: "true",
      RATE_LIMIT_ORGANIZATION: generous,
      RATE_LIMIT_PER_USER: generous,
      RATE_LIMIT_PER_KEY: generous,
      RATE_LIMIT_FAILED_AUTHENTICATION: generous,
    });
    try {
      const observed: Observed = new Map();
      const spec = await (await fetch(`${run.base}/api/quickbooks/openapi.json`)).json();
      const operations = Object.entries(spec.paths as Record<string, Record<string, Operation>>)
        .flatMap(([path, ops]) =>
          Object.entries(ops).map(([method, op]) => ({
            key: `${method.toUpperCase()} ${path}`,
            method,
            path,
            op,
          }))
        );
      const byKey = new Map(operations.map((o) => [o.key, o]));

      /** Sends one request for `key` and records its error code (if it answered with one). */
      const send = async (key: string, url: string, init: RequestInit = {}) => {
        const response = await fetch(`${run.base}/api/quickbooks${url}`, init);
        const text = await response.text();
        if (response.status >= 400) {
          const code = JSON.parse(text).error?.code as string;
          const seen = observed.get(key) ?? new Map<string, number>();
          seen.set(code, response.status);
          observed.set(key, seen);
        }
        return { status: response.status, text };
      };
      const auth = async (claims: Record<string, unknown> = {}) => ({
        Authorization: `Bearer ${await bearer(claims)}`,
      });
      const json = (headers: Record<string, string>, body: unknown): RequestInit => ({
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });

      assert.equal((await api(run, "PUT", "/organization", ORG, { name: "Codes" })).status, 201);
      assert.equal((await api(run, "PUT", "/organization", OTHER, { name: "Other" })).status, 201);
      const { callback } = await connect(run, ORG);
      const realmId = callback.searchParams.get("realmId")!;
      const maxBody = run.service.config.maxBodyBytes;
      // API keys of the organization: one per scope (each lacks the other's), one fenced off elsewhere.
      const keyOf = async (
        scopes: string[],
        ip_allowlist: string[] | null = null,
        rate_limit: Record<string, number> | null = null,
      ) => {
        const made = await api(run, "POST", "/enterprise/api-keys", ORG, {
          name: "codes",
          scopes,
          ip_allowlist,
          rate_limit,
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        return made.body.data.secret as string;
      };
      const keys = {
        connections: await keyOf(["connections:read"]),
        sync: await keyOf(["sync:read"]),
        fenced: await keyOf(["sync:read"], ["192.0.2.0/24"]),
        throttled: await keyOf(["sync:read"], null, { limit: 1, window_seconds: 86_400, burst: 1 }),
      };
      // Its one call of the day: every call after it is RATE_LIMITED, before any other check.
      const spend = await fetch(`${run.base}/api/quickbooks/sync/jobs`, {
        headers: { "X-API-Key": keys.throttled },
      });
      await spend.body?.cancel();
      assert.equal(spend.status, 200);

      // Probes from each operation's shape.
      for (const { key, method, path, op } of operations) {
        const url = concrete(path);
        const m = { method: method.toUpperCase() };
        const body = (h: Record<string, string>) =>
          op.requestBody ? { ...m, ...json(h, {}) } : { ...m, headers: h };
        if (op.security?.length) {
          await send(key, url, body({}));
          await send(key, url, body({ Authorization: "Bearer not-a-jwt" }));
          await send(
            key,
            url,
            body({ Authorization: `Bearer ${await bearer({}, Math.floor(Date.now() / 1000) - 600)}` }),
          );
          const permission = op["x-required-permission"]!;
          for (const [role, granted] of Object.entries(ROLE_PERMISSIONS)) {
            if (!granted.has(permission as never)) await send(key, url, body(await auth({ role })));
          }
          const lacking = permission === "connections:read" ? keys.sync : keys.connections;
          await send(key, url, body({ Authorization: `Bearer ${lacking}` }));
          await send(key, url, body({ "X-API-Key": keys.fenced }));
          await send(key, url, body({ "X-API-Key": keys.throttled }));
          await send(key, url, body(await auth({ org: "org-never-registered" })));
          await send(
            key,
            url,
            body(await auth({ role: "property_manager", property_ids: ["prop-elsewhere"] })),
          );
        }
        const headers = op.security?.length ? await auth() : {};
        if (path.includes("{")) await send(key, concrete(path, () => "x".repeat(300)), body(headers));
        if ((op.parameters ?? []).some((p) => p.in === "query")) {
          await send(
            key,
            `${url}?${op.security?.length ? "lmit=5" : `state=${"s".repeat(600)}`}`,
            body(headers),
          );
        }
        if (op.requestBody) {
          await send(key, url, {
            ...m,
            headers: { ...headers, "Content-Type": "application/json" },
            body: "{not json",
          });
          await send(key, url, { ...m, ...json(headers, { __unknown_field__: 1 }) });
          await send(key, url, {
            ...m,
            headers: { ...headers, "Content-Type": "text/plain" },
            body: "plain",
          });
          await send(key, url, { ...m, ...json(headers, { pad: "x".repeat(maxBody + 1) }) });
        }
      }

      // Scenarios: what only the use case knows.
      const admin_ = await auth();
      const scoped = await auth({ role: "property_manager", property_ids: ["p-mine"] });
      await send("GET /organizations/{org_id}", `/organizations/${OTHER}`, { headers: admin_ });
      await send("GET /oauth/callback", "/oauth/callback?state=spent&code=c&realmId=1");

      const signed = async (body: string, contentType = "application/json") => {
        const key = await crypto.subtle.importKey(
          "raw",
          new TextEncoder().encode(VERIFIER),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["sign"],
        );
        const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
        return {
          method: "POST",
          headers: { "Content-Type": contentType, "intuit-signature": btoa(String.fromCharCode(...mac)) },
          body,
        };
      };
      await send("POST /webhooks", "/webhooks", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      await send("POST /webhooks", "/webhooks", await signed("{}", "text/plain"));
      await send("POST /webhooks", "/webhooks", await signed('{"eventNotifications": 5}'));
      await send("POST /webhooks", "/webhooks", await signed(`{"pad":"${"x".repeat(maxBody + 1)}"}`));

      // Property scope: a tenant of p1, read by a caller of p-mine; a report of every property.
      await send("PUT /records/property/{record_id}", "/records/property/p1", {
        method: "PUT",
        ...json(admin_, { name: "P1", organization_id: ORG }),
      });
      await send("PUT /records/tenant/{record_id}", "/records/tenant/t1", {
        method: "PUT",
        ...json(admin_, { first_name: "Ann", property_id: "p1" }),
      });
      await send("GET /records/{record_type}/{record_id}", "/records/tenant/t1", { headers: scoped });
      await send("GET /records/{record_type}", "/records/tenant?property_id=p1", { headers: scoped });
      await send("GET /mappings", "/mappings?property_id=p1", { headers: scoped });
      const report = await send("POST /reconcile", "/reconcile", { method: "POST", ...json(admin_, {}) });
      assert.equal(report.status, 201, report.text);
      const reportId = JSON.parse(report.text).data.id as string;
      await send("GET /reconcile/{id}", `/reconcile/${reportId}`, { headers: scoped });
      await send("POST /reconcile/{id}/resolve", `/reconcile/${reportId}/resolve`, {
        method: "POST",
        ...json(admin_, {}),
      });
      await send("POST /reconcile/{id}/resolve", `/reconcile/${reportId}/resolve`, {
        method: "POST",
        ...json(admin_, {}),
      });

      // An administrator changing their own grant; a revoked key rotated.
      await send("PUT /enterprise/users/{user_id}/access", "/enterprise/users/user-codes/access", {
        method: "PUT",
        ...json(admin_, { access_level: "read_only" }),
      });
      const revoked = await api(run, "POST", "/enterprise/api-keys", ORG, {
        name: "gone",
        scopes: ["sync:read"],
      });
      const revokedId = revoked.body.data.key.id as string;
      await send("DELETE /enterprise/api-keys/{key_id}", `/enterprise/api-keys/${revokedId}`, {
        method: "DELETE",
        headers: admin_,
      });
      await send("POST /enterprise/api-keys/{key_id}/rotate", `/enterprise/api-keys/${revokedId}/rotate`, {
        method: "POST",
        ...json(admin_, {}),
      });

      // A disabled webhook endpoint takes no replay or recovery: CONFLICT.
      const hook = await api(run, "POST", "/webhook-endpoints", ORG, {
        url: "http://127.0.0.1:9/hook",
        enabled: false,
      });
      const hookId = hook.body.data.endpoint.id as string;
      await send("POST /webhook-endpoints/{endpoint_id}/replay", `/webhook-endpoints/${hookId}/replay`, {
        method: "POST",
        ...json(admin_, { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }),
      });
      await send("POST /webhook-endpoints/{endpoint_id}/recover", `/webhook-endpoints/${hookId}/recover`, {
        method: "POST",
        ...json(admin_, { since: "2026-01-01T00:00:00Z" }),
      });

      // A review resolved twice: CONFLICT the second time.
      await run.service.syncData.reviews.open({
        id: "rev-codes",
        orgId: ORG,
        realmId,
        entityType: "Customer",
        recordId: "t1",
        qboId: "999",
        conflicts: [],
        quickbooksSnapshot: {},
        createdAt: new Date().toISOString(),
      });
      for (let i = 0; i < 2; i++) {
        await send("POST /sync/reviews/{review_id}/resolve", "/sync/reviews/rev-codes/resolve", {
          method: "POST",
          ...json(admin_, { side: "estatecore" }),
        });
      }

      // A workflow run that fails: QB008 with the cause.
      await send("POST /automation/execute", "/automation/execute", {
        method: "POST",
        ...json(await auth({ org: OTHER }), { workflow: "scheduled_reconciliation" }),
      });

      // The QuickBooks pass-through: QuickBooks' faults as our codes (a bad query, a taken name, an id it
      // does not have, a stale SyncToken, a linked invoice, a date macro it does not know).
      const pass = async (key: string, method: string, url: string, body?: unknown) => {
        const init = body === undefined ? { method, headers: admin_ } : { method, ...json(admin_, body) };
        const answered = await send(key, url, init);
        return JSON.parse(answered.text);
      };
      await pass("GET /qbo/{entity}", "GET", `/qbo/Customer?where=${encodeURIComponent("Nickname = 'x'")}`);
      const ann = await pass("POST /qbo/{entity}", "POST", "/qbo/Customer", { DisplayName: "Ann Codes" });
      await pass("POST /qbo/{entity}", "POST", "/qbo/Customer", { DisplayName: "Ann Codes" });
      const annId = ann.data.object.Id as string;
      const item = (await pass("GET /qbo/{entity}", "GET", "/qbo/Item?max_results=1")).data.items[0];
      const invoice = await pass("POST /qbo/{entity}", "POST", "/qbo/Invoice", {
        CustomerRef: { value: annId },
        Line: [{
          Amount: 10,
          DetailType: "SalesItemLineDetail",
          SalesItemLineDetail: { ItemRef: { value: item.Id } },
        }],
      });
      const invoiceId = invoice.data.object.Id as string;
      const payment = await pass("POST /qbo/{entity}", "POST", "/qbo/Payment", {
        CustomerRef: { value: annId },
        TotalAmt: 10,
        Line: [{ Amount: 10, LinkedTxn: [{ TxnId: invoiceId, TxnType: "Invoice" }] }],
      });
      assert.ok(payment.success, JSON.stringify(payment));
      const current = (await pass("GET /qbo/{entity}/{id}", "GET", `/qbo/Invoice/${invoiceId}`)).data.object;
      await pass("POST /qbo/{entity}/{id}", "POST", `/qbo/Customer/${annId}`, {
        SyncToken: "99",
        Notes: "late",
      });
      await pass("POST /qbo/{entity}/{id}", "POST", "/qbo/Customer/999999", {
        SyncToken: "0",
        Notes: "nobody",
      });
      await pass("DELETE /qbo/{entity}/{id}", "DELETE", `/qbo/Invoice/${invoiceId}?sync_token=99`);
      await pass(
        "DELETE /qbo/{entity}/{id}",
        "DELETE",
        `/qbo/Invoice/${invoiceId}?sync_token=${current.SyncToken}`,
      );
      await pass("POST /qbo/{entity}/{id}/void", "POST", `/qbo/Invoice/${invoiceId}/void`, {
        sync_token: "99",
      });
      await pass("POST /qbo/{entity}/{id}/void", "POST", "/qbo/Invoice/999999/void", { sync_token: "0" });
      await pass("GET /qbo/reports/{report}", "GET", "/qbo/reports/ProfitAndLoss?date_macro=Someday");

      // The OAuth hand-off: a return_url outside the allow-list; the user declines; Intuit sends another error.
      await send("POST /connect", "/connect", {
        method: "POST",
        ...json(admin_, { return_url: "https://evil.example/back" }),
      });
      for (const error of ["access_denied", "server_error"]) {
        const started = await api(run, "POST", "/connect", ORG);
        const state = new URL(started.body.data.authorization_url).searchParams.get("state")!;
        await send(
          "GET /oauth/callback",
          `/oauth/callback?state=${encodeURIComponent(state)}&error=${error}`,
        );
      }

      // What reads QuickBooks while the request waits: the reference lists (nothing cached before the
      // faults below) and the mapping writes, which check the chart of accounts first.
      const lists = operations.filter((o) => o.op.tags?.includes("quickbooks lists"));
      assert.ok(lists.length >= 7, "the reference lists are tagged");
      let announced = 0;
      const readQuickBooks = async () => {
        // QuickBooks announces a change to every list, so the next reads ask it instead of the cache.
        const changed = ["Account", "Class", "Department", "Item", "TaxCode", "Term", "PaymentMethod"];
        const webhook = await send(
          "POST /webhooks",
          "/webhooks",
          await signed(JSON.stringify({
            eventNotifications: [{
              realmId,
              dataChangeEvent: {
                entities: changed.map((name) => ({
                  name,
                  id: String(++announced),
                  operation: "Update",
                  lastUpdated: new Date().toISOString(),
                })),
              },
            }],
          })),
        );
        assert.equal(webhook.status, 200, webhook.text);
        for (const { key, path } of lists) await send(key, path, { headers: admin_ });
        await send("POST /connections/refresh", "/connections/refresh", {
          method: "POST",
          ...json(admin_, {}),
        });
        await send("GET /data-quality", "/data-quality", { headers: admin_ });
        // Every pass-through operation reaches QuickBooks with a well-formed request.
        const passThrough: [string, string, string, unknown?][] = [
          ["GET /qbo/{entity}", "GET", "/qbo/Customer"],
          ["GET /qbo/{entity}/{id}", "GET", "/qbo/Customer/1"],
          ["POST /qbo/{entity}", "POST", "/qbo/Customer", { DisplayName: `Codes ${++announced}` }],
          ["POST /qbo/{entity}/{id}", "POST", "/qbo/Customer/1", { SyncToken: "0", Notes: "x" }],
          ["DELETE /qbo/{entity}/{id}", "DELETE", "/qbo/Invoice/1?sync_token=0"],
          ["POST /qbo/{entity}/{id}/void", "POST", "/qbo/Invoice/1/void", { sync_token: "0" }],
          ["GET /qbo/reports/{report}", "GET", "/qbo/reports/BalanceSheet"],
        ];
        for (const [key, method, url, body] of passThrough) {
          await send(
            key,
            url,
            body === undefined ? { method, headers: admin_ } : { method, ...json(admin_, body) },
          );
        }
        const mapping = { accounts: { rental_income: "1" } };
        await send("PUT /mappings/default", "/mappings/default", { method: "PUT", ...json(admin_, mapping) });
        await send("PUT /mappings/properties/{property_id}", "/mappings/properties/p1", {
          method: "PUT",
          ...json(admin_, mapping),
        });
      };

      // QuickBooks throttling, then down, while the request waits for it (each resolve on a fresh report).
      const fresh: string[] = [];
      for (let i = 0; i < 3; i++) {
        const made = await send("POST /reconcile", "/reconcile", { method: "POST", ...json(admin_, {}) });
        fresh.push(JSON.parse(made.text).data.id);
      }
      const pending = await connectPending(run, ORG);
      await admin(run, "/faults", { type: "throttle", count: 1000 });
      await send("POST /reconcile", "/reconcile", { method: "POST", ...json(admin_, {}) });
      await readQuickBooks();
      await send("POST /reconcile/{id}/resolve", `/reconcile/${fresh[0]}/resolve`, {
        method: "POST",
        ...json(admin_, {}),
      });
      await send("GET /oauth/callback", pending.search);
      await clearFaults(run);
      const pendingDown = await connectPending(run, ORG);
      await admin(run, "/faults", { type: "error", status: 503, count: 1000 });
      await send("POST /reconcile", "/reconcile", { method: "POST", ...json(admin_, {}) });
      await readQuickBooks();
      await send("POST /reconcile/{id}/resolve", `/reconcile/${fresh[1]}/resolve`, {
        method: "POST",
        ...json(admin_, {}),
      });
      await send("GET /oauth/callback", pendingDown.search);
      await clearFaults(run);

      // The connection needs re-authorization, then has no tokens at all.
      const connection = (await run.service.connections.get(ORG, realmId))!;
      await run.service.connections.setStatus(ORG, realmId, "needs_reauthorization", {
        code: "QB002",
        message: "refresh token revoked",
      }, new Date().toISOString());
      await send("POST /sync", "/sync", { method: "POST", ...json(admin_, { direction: "push" }) });
      await send("POST /sync/entity", "/sync/entity", {
        method: "POST",
        ...json(admin_, { record_types: ["tenant"] }),
      });
      await send("POST /sync/records/{record_type}/{record_id}/resync", "/sync/records/tenant/t1/resync", {
        method: "POST",
        ...json(admin_, {}),
      });
      await send("POST /reconcile", "/reconcile", { method: "POST", ...json(admin_, {}) });
      await readQuickBooks();
      await send("POST /reconcile/{id}/resolve", `/reconcile/${fresh[2]}/resolve`, {
        method: "POST",
        ...json(admin_, {}),
      });
      await run.service.connections.save(
        { ...connection, status: "connected", encryptedTokens: null },
        new Date().toISOString(),
      );
      await send("POST /reconcile", "/reconcile", { method: "POST", ...json(admin_, {}) });
      await readQuickBooks();

      // Connected again: a mapping to an account the company does not have.
      assert.equal((await connect(run, ORG)).status, 200);
      const bogus = { accounts: { rental_income: "99999" } };
      await send("PUT /mappings/default", "/mappings/default", { method: "PUT", ...json(admin_, bogus) });
      await send("PUT /mappings/properties/{property_id}", "/mappings/properties/p1", {
        method: "PUT",
        ...json(admin_, bogus),
      });

      // The company turned class tracking off: a resolution's push refuses before writing anything.
      await run.service.connections.updateCompanyProfile(ORG, realmId, {
        companyName: "Codes",
        classTrackingEnabled: false,
        locationTrackingEnabled: false,
      }, new Date().toISOString());
      const untracked = await send("POST /reconcile", "/reconcile", { method: "POST", ...json(admin_, {}) });
      await send("POST /reconcile/{id}/resolve", `/reconcile/${JSON.parse(untracked.text).data.id}/resolve`, {
        method: "POST",
        ...json(admin_, {}),
      });

      // What was answered is declared, at its status.
      const undeclared: string[] = [];
      for (const [key, codes] of observed) {
        const op = byKey.get(key);
        assert.ok(op, `${key} is an operation of the document`);
        for (const [code, status] of codes) {
          const declaredAt = op.op.responses[String(status)]?.["x-error-codes"] ?? [];
          if (!declaredAt.includes(code) || ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== status) {
            undeclared.push(`${key}: ${status} ${code}`);
          }
        }
      }
      assert.deepEqual(undeclared, [], "answered but not declared");

      // What is declared was answered (or is listed with its reason).
      const unanswered: string[] = [];
      for (const { key, op } of operations) {
        const seen = observed.get(key) ?? new Map();
        const excused = NOT_PROVOKED[key] ?? {};
        for (const code of op["x-error-codes"]) {
          if (code !== "INTERNAL_ERROR" && !seen.has(code) && !(code in excused)) {
            unanswered.push(`${key}: ${code}`);
          }
        }
        for (const code of Object.keys(excused)) {
          assert.ok(op["x-error-codes"].includes(code), `${key} excuses ${code}, which it does not declare`);
          assert.ok(!seen.has(code), `${key} answered ${code}: drop it from NOT_PROVOKED`);
        }
      }
      assert.deepEqual(unanswered, [], "declared but never answered");
    } finally {
      await run.close();
    }
  },
});

async function clearFaults(run: Running): Promise<void> {
  const response = await fetch(`${run.base}/qbo-emulator/_emulator/faults`, {
    method: "DELETE",
    headers: adminHeaders(run),
  });
  assert.ok(response.ok);
  await response.body?.cancel();
}

/** Starts connecting and approves at the emulator, returning the callback's query without following it. */
async function connectPending(run: Running, org: string): Promise<{ search: string }> {
  const started = await api(run, "POST", "/connect", org);
  assert.equal(started.status, 200);
  const consent = new URL(started.body.data.authorization_url);
  consent.searchParams.set("auto_approve", "true");
  const redirect = await fetch(consent, { redirect: "manual" });
  await redirect.body?.cancel();
  const callback = new URL(redirect.headers.get("location")!);
  return { search: `/oauth/callback${callback.search}` };
}
