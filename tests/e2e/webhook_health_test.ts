/**
 * Issue 18 with issue 17: integration health reports the organization's outbound webhook endpoints.
 * An endpoint whose deliveries fail shows as failing at once and counts after the hold
 * (WEBHOOK_ENDPOINT_FAILING); once the service disables it (410 Gone) it counts at once
 * (WEBHOOK_ENDPOINT_DISABLED) with a recommendation naming the endpoint; a healthy one shows nothing.
 */
import assert from "node:assert/strict";
import { SqlEventOutbox } from "../../adapters/persistence/repositories/event_outbox_repository.ts";
import { randomIds } from "../../adapters/system/random_ids.ts";
import { outboxEmitter } from "../../domain/events/emit_event.ts";
import { runWebhookDelivery } from "../../src/webhooks_out/deliver_webhooks.ts";
import { call } from "../support/api_call.ts";
import { FixedClock, signTestToken, startTestService } from "../support/service.ts";
import { startReceiver } from "../support/webhook_receiver.ts";

Deno.test({
  name:
    "health: failing and disabled webhook endpoints are issues of the organization, with their recommendation",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const clock = new FixedClock();
    const receiver = startReceiver(clock);
    const svc = await startTestService({ WEBHOOK_ATTEMPT_TIMEOUT_MS: "300" }, { clock });
    try {
      const headers = async () => ({
        Authorization: `Bearer ${await signTestToken({ sub: "boss", org: "org-a", role: "admin" }, {
          expiresAt: new Date("2027-06-01T00:00:00.000Z"),
        })}`,
      });
      const endpoint = async (path: string) => {
        const made = await call(svc.app, "POST", "/webhook-endpoints", await headers(), {
          url: receiver.url(path),
        });
        assert.equal(made.status, 201, JSON.stringify(made.body));
        return made.body.data.endpoint.id as string;
      };
      const health = async () => {
        const answer = await call(svc.app, "GET", "/health/integration", await headers());
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return answer.body.data;
      };
      const webhookIssues = (h: { issues: { code: string; phase: string }[] }) =>
        h.issues.filter((i) => i.code.startsWith("WEBHOOK_ENDPOINT")).map((i) => [i.code, i.phase]);
      const round = () => runWebhookDelivery(svc.webhooksOut.deliveryDependencies, "w1");

      const healthy = await endpoint("/ok");
      const failing = await endpoint("/down");
      receiver.modes.set("/ok", "ok");
      receiver.modes.set("/down", "fail");
      await outboxEmitter(new SqlEventOutbox(svc.database, randomIds))("org-a", "connection.disconnected", {
        realm_id: "9341",
        revoked_at_intuit: false,
        link: "/connections",
      }, clock.now().toISOString());
      await round();

      const first = await health();
      assert.deepEqual(
        [first.outbound_webhooks.endpoints, first.outbound_webhooks.enabled],
        [2, 2],
      );
      assert.deepEqual(first.outbound_webhooks.failing.map((f: { endpoint_id: string }) => f.endpoint_id), [
        failing,
      ]);
      assert.deepEqual(first.outbound_webhooks.disabled, []);
      assert.deepEqual(
        webhookIssues(first),
        [["WEBHOOK_ENDPOINT_FAILING", "pending"]],
        "not counted before the hold",
      );

      clock.advance(6 * 60_000);
      const held = await health();
      const issue = held.issues.find((i: { code: string }) => i.code === "WEBHOOK_ENDPOINT_FAILING");
      assert.equal(issue.phase, "active");
      assert.equal(issue.component, "outbound_webhooks");
      assert.match(issue.recommendation, new RegExp(`/webhook-endpoints/${failing}/attempts`));

      // It answers 410 Gone on the next try: disabled at once, counted at once.
      receiver.modes.set("/down", "gone");
      clock.advance(10 * 60_000);
      await round();
      const gone = await health();
      assert.deepEqual(gone.outbound_webhooks.failing, []);
      assert.deepEqual(
        gone.outbound_webhooks.disabled.map((
          d: { endpoint_id: string; reason: string },
        ) => [d.endpoint_id, d.reason]),
        [[failing, "gone"]],
      );
      const disabled = gone.issues.find((i: { code: string }) => i.code === "WEBHOOK_ENDPOINT_DISABLED");
      assert.equal(disabled.phase, "active");
      assert.match(disabled.recommendation, new RegExp(`PATCH /webhook-endpoints/${failing}`));
      assert.ok(!JSON.stringify(gone).includes(healthy), "the healthy endpoint is in no issue");
      // The failing condition is gone too; it keeps counting until the recovery time passed.
      assert.deepEqual(webhookIssues(gone), [
        ["WEBHOOK_ENDPOINT_FAILING", "recovering"],
        ["WEBHOOK_ENDPOINT_DISABLED", "active"],
      ]);
      clock.advance(16 * 60_000);
      assert.deepEqual(webhookIssues(await health()), [["WEBHOOK_ENDPOINT_DISABLED", "active"]]);
    } finally {
      await svc.close();
      await receiver.stop();
    }
  },
});
