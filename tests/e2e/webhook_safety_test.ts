/**
 * Webhooks out, what the sender refuses to do and when the service gives up on an endpoint:
 * redirects are answers, never followed; at most 4 KiB of an answer is kept; an endpoint whose
 * deliveries fail without a success for WEBHOOK_DISABLE_AFTER_DAYS is disabled and the other
 * endpoints are told; an endpoint whose host turned private is not sent to.
 */
import assert from "node:assert/strict";
import { SqlEventOutbox } from "../../adapters/persistence/repositories/event_outbox_repository.ts";
import { randomIds } from "../../adapters/system/random_ids.ts";
import { outboxEmitter } from "../../domain/events/emit_event.ts";
import { RETRY_SCHEDULE_MS } from "../../domain/webhooks/delivery_schedule.ts";
import { runWebhookDelivery } from "../../src/webhooks_out/deliver_webhooks.ts";
import { call } from "../support/api_call.ts";
import { FixedClock, signTestToken, startTestService } from "../support/service.ts";

async function adminHeaders() {
  const token = await signTestToken({ sub: "boss", org: "org-a", role: "admin" }, {
    expiresAt: new Date("2027-06-01T00:00:00.000Z"),
  });
  return { Authorization: `Bearer ${token}` };
}

Deno.test({
  name:
    "webhooks out: a redirect is not followed, an answer is read up to 4 KiB, endpoints failing for days are disabled",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const hits: string[] = [];
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
      const path = new URL(request.url).pathname;
      await request.text();
      hits.push(path);
      if (path === "/redirect") {
        return new Response(null, { status: 302, headers: { location: "/elsewhere" } });
      }
      if (path === "/big") return new Response("x".repeat(100_000), { status: 503 });
      if (path === "/down") return new Response("down", { status: 502 });
      return new Response(null, { status: 204 });
    });
    const url = (path: string) => `http://127.0.0.1:${server.addr.port}${path}`;
    const clock = new FixedClock();
    const svc = await startTestService({
      WEBHOOK_ATTEMPT_TIMEOUT_MS: "1000",
      WEBHOOK_DISABLE_AFTER_DAYS: "1",
    }, {
      clock,
    });
    try {
      const admin = await adminHeaders();
      const ids: Record<string, string> = {};
      for (const path of ["/redirect", "/big", "/down", "/ok"]) {
        const created = await call(svc.app, "POST", "/webhook-endpoints", admin, { url: url(path) });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        ids[path] = created.body.data.endpoint.id;
      }
      const emit = outboxEmitter(new SqlEventOutbox(svc.database, randomIds));
      const event = () =>
        emit(
          "org-a",
          "connection.disconnected",
          { realm_id: "r", revoked_at_intuit: false, link: "/status" },
          clock.now().toISOString(),
        );
      const round = () => runWebhookDelivery(svc.webhooksOut.deliveryDependencies, "w1");
      const attempts = async (path: string) =>
        (await call(svc.app, "GET", `/webhook-endpoints/${ids[path]}/attempts?limit=500`, admin)).body.data
          .items;

      await event();
      await round();
      assert.ok(!hits.includes("/elsewhere"), "the redirect was not followed");
      const [redirected] = await attempts("/redirect");
      assert.deepEqual([redirected.status_code, redirected.succeeded], [302, false]);
      const [big] = await attempts("/big");
      assert.deepEqual([big.status_code, big.response_body.length], [503, 4096]);

      // Every endpoint but /ok keeps failing; a day and more of it, with new events coming, disables them.
      for (let i = 1; i < RETRY_SCHEDULE_MS.length; i++) {
        clock.advance(RETRY_SCHEDULE_MS[i] * 1.1);
        await event();
        await round();
        await round();
      }
      for (const path of ["/redirect", "/big", "/down"]) {
        const shown = await call(svc.app, "GET", `/webhook-endpoints/${ids[path]}`, admin);
        assert.deepEqual(
          [shown.body.data.enabled, shown.body.data.disabled_reason],
          [false, "failing"],
          path,
        );
      }
      const ok = await call(svc.app, "GET", `/webhook-endpoints/${ids["/ok"]}`, admin);
      assert.deepEqual([ok.body.data.enabled, ok.body.data.failing_since], [true, null]);
      const told = (await attempts("/ok")).filter((a: { event_type: string }) =>
        a.event_type === "webhook_endpoint.disabled"
      );
      assert.equal(told.length, 3, "the healthy endpoint hears of each disabled one");
      const disabledAt = Date.parse(
        (await call(svc.app, "GET", `/webhook-endpoints/${ids["/down"]}`, admin)).body.data.updated_at,
      );
      const firstFailure = Date.parse((await attempts("/down")).at(-1).attempted_at);
      assert.ok(disabledAt - firstFailure >= 24 * 3_600_000, "not before a day of failures");
      const hitsBefore = hits.filter((h) => h === "/down").length;
      clock.advance(RETRY_SCHEDULE_MS.at(-1)! * 2);
      await event();
      await round();
      assert.equal(
        hits.filter((h) => h === "/down").length,
        hitsBefore,
        "a disabled endpoint is sent nothing",
      );
    } finally {
      await server.shutdown();
      await svc.close();
    }
  },
});

Deno.test({
  name: "webhooks out: with private targets refused, an endpoint is not sent to a loopback address",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    let hits = 0;
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
      await request.text();
      hits += 1;
      return new Response(null, { status: 204 });
    });
    const svc = await startTestService({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "false" });
    try {
      const admin = await adminHeaders();
      const refused = await call(svc.app, "POST", "/webhook-endpoints", admin, {
        url: `http://localhost:${server.addr.port}/hook`,
      });
      assert.deepEqual([refused.status, refused.body.error?.details.reason], [400, "target_not_allowed"]);
      // An endpoint registered while allowed (or whose host later resolves privately) is refused at send time.
      await svc.database.db.insertInto("webhook_endpoints").values({
        id: "whe_sneaky",
        org_id: "org-a",
        url: `http://127.0.0.1:${server.addr.port}/hook`,
        description: "",
        event_types: "[]",
        enabled: 1,
        disabled_reason: null,
        cursor_seq: 0,
        failing_since: null,
        sealed_secrets: (await svc.database.db.selectFrom("webhook_endpoints").select("sealed_secrets")
          .executeTakeFirst())?.sealed_secrets ?? "",
        secret_rotated_at: null,
        created_at: "2026-06-01T12:00:00.000Z",
        updated_at: "2026-06-01T12:00:00.000Z",
      }).execute();
      await outboxEmitter(new SqlEventOutbox(svc.database, randomIds))("org-a", "connection.disconnected", {
        realm_id: "r",
        revoked_at_intuit: false,
        link: "/status",
      }, svc.clock.now().toISOString());
      const done = await runWebhookDelivery(svc.webhooksOut.deliveryDependencies, "w1");
      assert.deepEqual([done.queued, done.retry, hits], [1, 1, 0]);
      const log = await call(svc.app, "GET", "/webhook-endpoints/whe_sneaky/attempts", admin);
      assert.match(log.body.data.items[0].error, /^target refused: url resolves to 127\.0\.0\.1/);
    } finally {
      await server.shutdown();
      await svc.close();
    }
  },
});
