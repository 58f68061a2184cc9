/**
 * End to end through the HTTP API, against the built-in emulator mounted in the service, both
 * served on a loopback port: connect -> consent -> callback -> status -> sync-ready calls (with
 * token expiry, 5xx bursts, 429 storms and a stale SyncToken on the way) -> disconnect; then a
 * revoked grant, and webhook intake (signature, formats, dedup).
 */
import assert from "node:assert/strict";
import { WebhookSignatureVerifier } from "../../adapters/quickbooks/webhooks/webhook_signature.ts";
import { admin, adminHeaders, api, connect, startService, token, VERIFIER } from "../support/e2e_service.ts";

Deno.test({
  name: "connection flow: connect -> callback -> status -> sync-ready -> disconnect, through the HTTP API",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      assert.equal(
        (await api(run, "PUT", "/organization", "org-e2e", { name: "E2E Properties" })).status,
        201,
      );
      const { callback, status, body } = await connect(run, "org-e2e");
      assert.equal(status, 200, JSON.stringify(body));
      const realmId = callback.searchParams.get("realmId")!;
      assert.equal(body.data.realm_id, realmId);
      assert.equal(body.data.company_name, "EstateCore Demo Properties LLC");

      // The state was single use.
      const replay = await fetch(callback);
      assert.equal(replay.status, 400);
      assert.equal((await replay.json()).error.code, "OAUTH_STATE_INVALID");

      const statusView = await api(run, "GET", "/status", "org-e2e");
      assert.equal(statusView.status, 200);
      const view = statusView.body.data;
      assert.equal(view.connected, true);
      assert.equal(view.ready_for_sync, true);
      assert.equal(view.is_default, true);
      assert.equal(typeof view.tracking.class, "boolean");
      assert.ok(Date.parse(view.access_token_expires_at) > Date.now());
      assert.ok(Date.parse(view.refresh_token_expires_at) > Date.parse(view.access_token_expires_at));
      assert.ok(view.refresh_token_hard_expires_at !== null);
      const everything = JSON.stringify(statusView.body);
      assert.ok(!/access_token"\s*:\s*"ey|refresh_token"\s*:/.test(everything));

      // Sync-ready: the gateway reads and writes the company through the real client.
      const gateway = run.service.quickbooks.gateway;
      const target = { orgId: "org-e2e", realmId };
      const created = await gateway.writeBatch(target, [{
        key: "tenant-1",
        entityName: "Customer",
        operation: "create",
        payload: { DisplayName: "Siobhan O'Brien" },
      }], "org-e2e:tenant-1:create");
      assert.ok(created.results[0].ok, JSON.stringify(created.results[0]));
      const found = await gateway.query(target, {
        entityName: "Customer",
        where: [{ field: "DisplayName", operator: "=", value: "Siobhan O'Brien" }],
      });
      assert.equal(found.length, 1);

      // Token expiry mid-call: QBO answers 401, the client refreshes once and repeats.
      await admin(run, "/tokens/expire", { realmId });
      assert.equal((await gateway.query(target, { entityName: "Customer" })).length >= 1, true);
      const afterRefresh = (await api(run, "GET", "/status", "org-e2e")).body.data;
      assert.notEqual(afterRefresh.access_token_expires_at, view.access_token_expires_at);

      // 5xx burst and 429 storm are retried transparently.
      await admin(run, "/faults", { type: "error", status: 503, count: 2, realmId });
      assert.ok((await gateway.read(target, "Customer", String(found[0].Id)))?.DisplayName);
      await admin(run, "/faults", { type: "throttle", count: 3, realmId });
      assert.ok((await gateway.read(target, "Customer", String(found[0].Id)))?.DisplayName);

      // Stale SyncToken: the second update with the same SyncToken is a typed conflict (QB005).
      const customer = found[0];
      const update = (name: string) => ({
        key: "upd",
        entityName: "Customer",
        operation: "update" as const,
        payload: { Id: customer.Id, SyncToken: customer.SyncToken, sparse: true, DisplayName: name },
      });
      const first = await gateway.writeBatch(target, [update("Siobhan O'Brien-Kelly")], "org-e2e:upd-1");
      assert.ok(first.results[0].ok);
      const stale = await gateway.writeBatch(target, [update("Siobhan Kelly")], "org-e2e:upd-2");
      assert.ok(
        !stale.results[0].ok && stale.results[0].errorCode === "QB005",
        JSON.stringify(stale.results[0]),
      );

      const disconnected = await api(run, "POST", "/disconnect", "org-e2e", { realm_id: realmId });
      assert.equal(disconnected.status, 200);
      assert.equal(disconnected.body.data.revoked_at_intuit, true);
      const afterDisconnect = (await api(run, "GET", "/status", "org-e2e")).body.data;
      assert.equal(afterDisconnect.connected, false);
      assert.equal(afterDisconnect.status, "disconnected");
      await assert.rejects(
        gateway.query(target, { entityName: "Customer" }),
        (e) => (e as { code: string }).code === "QB001",
      );

      for (const line of run.logs) assert.ok(!line.includes("eyJ") || !line.includes("access_token"), line);
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name: "connection flow: a grant revoked at Intuit marks the connection as needing re-authorization (QB002)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      await api(run, "PUT", "/organization", "org-r", { name: "Revoked" });
      const { callback, status } = await connect(run, "org-r");
      assert.equal(status, 200);
      const realmId = callback.searchParams.get("realmId")!;
      await admin(run, "/tokens/revoke", { realmId });
      await assert.rejects(
        run.service.quickbooks.gateway.query({ orgId: "org-r", realmId }, { entityName: "Customer" }),
        (e) => (e as { code: string }).code === "QB002",
      );
      const view = (await api(run, "GET", "/status", "org-r")).body.data;
      assert.equal(view.status, "needs_reauthorization");
      assert.equal(view.ready_for_sync, false);
      assert.equal(view.last_error.code, "QB002");
      const audit = await api(run, "GET", "/audit", "org-r");
      assert.deepEqual(
        audit.body.data.map((r: { action: string }) => r.action),
        [
          "organization.registered",
          "connection.connected",
          "settings.tracking_defaulted",
          "connection.needs_reauthorization",
        ],
      );
      // Reconnecting restores it.
      const again = await connect(run, "org-r");
      assert.equal(again.status, 200);
      assert.equal((await api(run, "GET", "/status", "org-r")).body.data.status, "connected");
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name: "connection flow: webhooks are verified, accepted in both formats, deduplicated and queued per realm",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      const signer = new WebhookSignatureVerifier(VERIFIER);
      const post = async (body: string, contentType: string, signature?: string) => {
        const bytes = new TextEncoder().encode(body);
        const response = await fetch(`${run.base}/api/quickbooks/webhooks`, {
          method: "POST",
          headers: { "Content-Type": contentType, "intuit-signature": signature ?? await signer.sign(bytes) },
          body: bytes,
        });
        return { status: response.status, body: await response.json() };
      };
      const cloud = JSON.stringify([{
        specversion: "1.0",
        id: "evt-1",
        type: "qbo.invoice.updated.v1",
        time: "2026-11-24T03:00:02Z",
        intuitentityid: "130",
        intuitaccountid: "4620816365",
      }]);
      const legacy = JSON.stringify({
        eventNotifications: [{
          realmId: "4620816365",
          dataChangeEvent: {
            entities: [{
              name: "Customer",
              id: "58",
              operation: "Update",
              lastUpdated: "2026-11-24T03:00:01.000Z",
            }],
          },
        }],
      });
      const accepted = await post(cloud, "application/cloudevents+json");
      assert.equal(accepted.status, 200);
      assert.deepEqual(accepted.body.data, { stored: 1, duplicates: 0 });
      assert.deepEqual((await post(cloud, "application/cloudevents+json")).body.data, {
        stored: 0,
        duplicates: 1,
      });
      assert.deepEqual((await post(legacy, "application/json; charset=utf-8")).body.data, {
        stored: 1,
        duplicates: 0,
      });

      const forged = await post(
        legacy,
        "application/json",
        await signer.sign(new TextEncoder().encode("other")),
      );
      assert.equal(forged.status, 401);
      assert.equal(forged.body.error.code, "WEBHOOK_SIGNATURE_INVALID");
      assert.equal((await post("{oops", "application/json")).status, 400);
      assert.equal((await post(legacy, "text/plain")).status, 415);

      const inbox = run.service.quickbooks.inbox;
      const now = new Date();
      const head = await inbox.claimNext("4620816365", "worker", now, new Date(now.getTime() + 60_000));
      assert.equal(head?.entityName, "Customer", "the earlier event comes first, whatever arrived first");
      await inbox.markProcessed(head!.id, "worker", now);
      assert.equal(
        (await inbox.claimNext("4620816365", "worker", now, new Date(now.getTime() + 60_000)))?.entityId,
        "130",
      );
      assert.ok(
        run.logs.some((line) =>
          line.includes("quickbooks webhook rejected") && line.includes("invalid_signature")
        ),
      );
    } finally {
      await run.close();
    }
  },
});

Deno.test({
  name:
    "connection flow: an organization connects two companies; calls name or default the realm, disconnect never guesses",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      await api(run, "PUT", "/organization", "org-m", { name: "Two Entities" });
      const none = await api(run, "GET", "/status", "org-m");
      assert.equal(none.status, 200);
      assert.deepEqual([none.body.data.connected, none.body.data.realm_id], [false, null]);
      const viewer = await fetch(`${run.base}/api/quickbooks/connect`, {
        method: "POST",
        headers: { Authorization: `Bearer ${await token("org-m", "viewer")}` },
      });
      assert.equal(viewer.status, 403, "only admins connect companies");
      await viewer.body?.cancel();
      const companies = await fetch(`${run.base}/qbo-emulator/_emulator/companies`, {
        headers: adminHeaders(run),
      }).then((r) => r.json());
      const firstRealm = companies.companies[0].realmId;
      const created = await fetch(`${run.base}/qbo-emulator/_emulator/companies`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...adminHeaders(run) },
        body: JSON.stringify({ companyName: "Second Owner LLC" }),
      }).then((r) => r.json());
      assert.equal((await connect(run, "org-m", firstRealm)).status, 200);
      const second = await connect(run, "org-m", created.realmId);
      assert.equal(second.status, 200);
      assert.equal(second.body.data.company_name, "Second Owner LLC");
      assert.equal(second.body.data.is_default, false);

      const all = (await api(run, "GET", "/connections", "org-m")).body.data;
      assert.deepEqual(
        all.map((c: { realm_id: string }) => c.realm_id).sort(),
        [firstRealm, created.realmId].sort(),
      );
      assert.equal(
        (await api(run, "GET", "/status", "org-m")).body.data.realm_id,
        firstRealm,
        "default realm",
      );
      const named = await api(run, "GET", `/status?realm_id=${created.realmId}`, "org-m");
      assert.equal(named.body.data.company_name, "Second Owner LLC");
      assert.equal((await api(run, "GET", "/status?realm_id=999", "org-m")).status, 404);
      // Another organization sees none of them.
      assert.equal((await api(run, "GET", `/status?realm_id=${created.realmId}`, "org-other")).status, 404);

      // A destructive call never falls back to the default company: a typo of realm_id, a realm
      // the organization does not have, and no realm at all with two companies all leave both connected.
      const connectedRealms = async () =>
        (await api(run, "GET", "/connections", "org-m")).body.data
          .filter((c: { connected: boolean }) => c.connected)
          .map((c: { realm_id: string }) => c.realm_id).sort();
      const typo = await api(run, "POST", "/disconnect", "org-m", { realmId: "999999" });
      assert.equal(typo.status, 400);
      assert.equal(typo.body.error?.code, "VALIDATION_FAILED");
      assert.deepEqual(typo.body.error?.details.issues.map((i: { path: string }) => i.path), [
        "json.realmId",
      ]);
      const unknown = await api(run, "POST", "/disconnect", "org-m", { realm_id: "999999" });
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body.error?.details, { realm_id: "999999" });
      const unnamed = await api(run, "POST", "/disconnect", "org-m");
      assert.equal(unnamed.status, 400);
      assert.deepEqual(unnamed.body.error?.details.realm_ids.sort(), [firstRealm, created.realmId].sort());
      assert.deepEqual(await connectedRealms(), [firstRealm, created.realmId].sort());
      const stillWorks = await api(run, "GET", `/status?realm_id=${firstRealm}`, "org-m");
      assert.equal(stillWorks.body.data.connected, true, "the default company's tokens were not revoked");

      const named2 = await api(run, "POST", "/disconnect", "org-m", { realm_id: firstRealm });
      assert.equal(named2.body.data.realm_id, firstRealm);
      const after = (await api(run, "GET", "/connections", "org-m")).body.data;
      assert.deepEqual(
        after.map((c: { realm_id: string; connected: boolean }) => [c.realm_id, c.connected]).sort(),
        [[firstRealm, false], [created.realmId, true]].sort(),
      );
    } finally {
      await run.close();
    }
  },
});
