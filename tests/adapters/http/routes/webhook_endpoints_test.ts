import assert from "node:assert/strict";
import { SqlEventOutbox } from "../../../../adapters/persistence/repositories/event_outbox_repository.ts";
import { randomIds } from "../../../../adapters/system/random_ids.ts";
import { outboxEmitter } from "../../../../domain/events/emit_event.ts";
import { runWebhookDelivery } from "../../../../src/webhooks_out/deliver_webhooks.ts";
import { call } from "../../../support/api_call.ts";
import { FixedClock, signTestToken, startTestService } from "../../../support/service.ts";
import { startReceiver } from "../../../support/webhook_receiver.ts";

const headers = async (role = "admin", org = "org-a") => ({
  Authorization: `Bearer ${await signTestToken({ sub: "boss", org, role }, {
    expiresAt: new Date("2027-06-01T00:00:00.000Z"),
  })}`,
});

Deno.test("webhook endpoints: created with the secret shown once, read, listed, changed and deleted, each audited without the secret", async () => {
  const svc = await startTestService();
  try {
    const admin = await headers();
    const created = await call(svc.app, "POST", "/webhook-endpoints", admin, {
      url: "https://hooks.example.com/estatecore",
      description: "platform",
      event_types: ["sync.run.failed", "connection.needs_reauthorization", "sync.run.failed"],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { endpoint, secret, previous_secret_valid_until } = created.body.data;
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/, "base64 of 32 random bytes");
    assert.equal(previous_secret_valid_until, null);
    assert.deepEqual({ ...endpoint, id: "x" }, {
      id: "x",
      url: "https://hooks.example.com/estatecore",
      description: "platform",
      event_types: ["sync.run.failed", "connection.needs_reauthorization"],
      enabled: true,
      disabled_reason: null,
      failing_since: null,
      secret_rotated_at: null,
      created_at: "2026-06-01T12:00:00.000Z",
      updated_at: "2026-06-01T12:00:00.000Z",
    });
    const one = await call(svc.app, "GET", `/webhook-endpoints/${endpoint.id}`, admin);
    assert.deepEqual(one.body.data, endpoint);
    const v1 = await svc.app.request(`/api/v1/quickbooks/webhook-endpoints`, { headers: admin });
    assert.deepEqual((await v1.json()).data.items, [endpoint], "also under /api/v1");

    svc.clock.advance(1000);
    const patched = await call(svc.app, "PATCH", `/webhook-endpoints/${endpoint.id}`, admin, {
      enabled: false,
      event_types: [],
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual([patched.body.data.enabled, patched.body.data.event_types], [false, []]);

    const rotated = await call(svc.app, "POST", `/webhook-endpoints/${endpoint.id}/rotate-secret`, admin);
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.data.secret, secret);
    assert.equal(rotated.body.data.previous_secret_valid_until, "2026-06-02T12:00:01.000Z");

    const deleted = await call(svc.app, "DELETE", `/webhook-endpoints/${endpoint.id}`, admin);
    assert.deepEqual(deleted.body.data, { id: endpoint.id, deleted: true });
    assert.equal((await call(svc.app, "GET", `/webhook-endpoints/${endpoint.id}`, admin)).status, 404);

    const audit = await call(svc.app, "GET", "/audit-trail?limit=100", admin);
    const actions = audit.body.data.items.map((r: { action: string }) => r.action);
    for (const action of ["created", "updated", "secret_rotated", "deleted"]) {
      assert.ok(actions.includes(`webhook_endpoint.${action}`), `${action}: ${actions}`);
    }
    const everything = JSON.stringify(audit.body) + svc.logs.join("\n");
    assert.ok(!everything.includes(secret.slice(6)), "the secret is in no audit entry or log line");
    assert.ok(!everything.includes(rotated.body.data.secret.slice(6)));
    const stored = await svc.database.db.selectFrom("webhook_endpoints").selectAll().execute();
    assert.equal(stored.length, 0);
  } finally {
    await svc.close();
  }
});

Deno.test("webhook endpoints: bad input is refused with a code; webhooks:manage only; other organizations' endpoints are not found", async () => {
  const svc = await startTestService({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "false" });
  try {
    const admin = await headers();
    const refused = async (body: unknown, path = "/webhook-endpoints", method = "POST") => {
      const answer = await call(svc.app, method, path, admin, body);
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.error?.code, "VALIDATION_FAILED");
      return answer.body.error!;
    };
    await refused({ url: "https://93.184.216.34/x", secret: "mine" });
    await refused({ url: "https://93.184.216.34/x", event_types: ["no.such.type"] });
    await refused({ url: "not a url" });
    for (
      const url of [
        "http://127.0.0.1:8080/",
        "https://169.254.169.254/latest",
        "https://10.0.0.8/",
        "https://[::1]/",
      ]
    ) {
      const error = await refused({ url });
      assert.equal(error.details.reason, "target_not_allowed", url);
    }
    const ok = await call(svc.app, "POST", "/webhook-endpoints", admin, {
      url: "https://93.184.216.34/hook",
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const id = ok.body.data.endpoint.id;
    await refused({ url: "https://127.0.0.1/" }, `/webhook-endpoints/${id}`, "PATCH");
    await refused({ from: "2026-06-01T00:00:00Z" }, `/webhook-endpoints/${id}/replay`);
    await refused({ event_ids: ["evt_nope"] }, `/webhook-endpoints/${id}/replay`);
    await refused({ since: "yesterday" }, `/webhook-endpoints/${id}/recover`);

    const viewer = await call(svc.app, "GET", "/webhook-endpoints", await headers("accountant"));
    assert.deepEqual([viewer.status, viewer.body.error?.details.permission], [403, "webhooks:manage"]);
    const other = await call(svc.app, "GET", `/webhook-endpoints/${id}`, await headers("admin", "org-b"));
    assert.equal(other.status, 404);
    assert.deepEqual(
      (await call(svc.app, "GET", "/webhook-endpoints", await headers("admin", "org-b"))).body.data.items,
      [],
    );
  } finally {
    await svc.close();
  }
});

Deno.test("webhook endpoints: after a rotation both secrets sign for 24 h; replay and recover re-send with the same event ids", async () => {
  const clock = new FixedClock();
  const receiver = startReceiver(clock);
  const svc = await startTestService({ WEBHOOK_ATTEMPT_TIMEOUT_MS: "300" }, { clock });
  try {
    const admin = await headers();
    const created = await call(svc.app, "POST", "/webhook-endpoints", admin, { url: receiver.url("/hook") });
    const id = created.body.data.endpoint.id;
    const first = created.body.data.secret;
    const emit = outboxEmitter(new SqlEventOutbox(svc.database, randomIds));
    const event = (n: number) =>
      emit("org-a", "connection.disconnected", {
        realm_id: `r${n}`,
        revoked_at_intuit: true,
        link: "/status",
      }, clock.now().toISOString());
    const round = () => runWebhookDelivery(svc.webhooksOut.deliveryDependencies, "w1");

    await event(1);
    const second =
      (await call(svc.app, "POST", `/webhook-endpoints/${id}/rotate-secret`, admin)).body.data.secret;
    await round();
    const signed = receiver.received[0];
    assert.equal(signed.signature.split(" ").length, 2);
    receiver.verify(signed, first);
    receiver.verify(signed, second);
    assert.throws(() => receiver.verify(signed, `whsec_${btoa("x".repeat(32))}`));
    assert.throws(() => receiver.verify({ ...signed, body: signed.body.replace("r1", "r2") }, second));

    clock.advance(24 * 3_600_000);
    await event(2);
    await round();
    const later = receiver.received[1];
    assert.equal(later.signature.split(" ").length, 1);
    receiver.verify(later, second);
    assert.throws(() => receiver.verify(later, first), "the replaced secret no longer signs");

    const replay = await call(svc.app, "POST", `/webhook-endpoints/${id}/replay`, admin, {
      event_ids: [signed.webhookId],
    });
    assert.equal(replay.status, 202, JSON.stringify(replay.body));
    assert.deepEqual(replay.body.data, { queued: 1, event_ids: [signed.webhookId] });
    const range = await call(svc.app, "POST", `/webhook-endpoints/${id}/replay`, admin, {
      from: "2026-06-01T00:00:00Z",
      to: "2026-07-01T00:00:00Z",
    });
    assert.equal(range.body.data.queued, 2);
    await round();
    assert.deepEqual(
      receiver.received.slice(2).map((r) => r.webhookId).sort(),
      [signed.webhookId, signed.webhookId, later.webhookId].sort(),
    );

    // A failing delivery is cancelled when the endpoint is disabled; recover sends it once it is back.
    receiver.modes.set("/hook", "fail");
    await event(3);
    assert.equal((await round()).retry, 1);
    await call(svc.app, "PATCH", `/webhook-endpoints/${id}`, admin, { enabled: false });
    // While it is disabled, nothing can be sent to it again: refused, not queued to be cancelled.
    const again: [string, Record<string, unknown>][] = [
      ["recover", { since: "2026-06-01T00:00:00Z" }],
      ["replay", { event_ids: [signed.webhookId] }],
    ];
    for (const [path, body] of again) {
      const refused = await call(svc.app, "POST", `/webhook-endpoints/${id}/${path}`, admin, body);
      assert.deepEqual([refused.status, refused.body.error?.code], [409, "CONFLICT"], path);
    }
    receiver.modes.set("/hook", "ok");
    await call(svc.app, "PATCH", `/webhook-endpoints/${id}`, admin, { enabled: true });
    clock.advance(3_600_000);
    const before = receiver.received.length;
    assert.equal((await round()).succeeded, 0, "the cancelled delivery is not retried by itself");
    const recovered = await call(svc.app, "POST", `/webhook-endpoints/${id}/recover`, admin, {
      since: "2026-06-01T00:00:00Z",
    });
    assert.equal(recovered.status, 202, JSON.stringify(recovered.body));
    assert.equal(recovered.body.data.queued, 1);
    assert.equal((await round()).succeeded, 1);
    assert.equal(receiver.received.length, before + 1);
    assert.equal(receiver.received.at(-1)!.webhookId, recovered.body.data.event_ids[0]);
    const attempts = await call(svc.app, "GET", `/webhook-endpoints/${id}/attempts`, admin);
    const triggers = attempts.body.data.items.map((a: { trigger: string }) => a.trigger);
    // Attempts at one instant come in no particular order among themselves.
    assert.equal(triggers[0], "manual");
    assert.deepEqual([...triggers].sort(), [
      "manual",
      "replay",
      "replay",
      "replay",
      "scheduled",
      "scheduled",
      "scheduled",
    ]);
    const unknown = await call(svc.app, "GET", `/webhook-endpoints/${id}/attempts?before=att_unknown`, admin);
    assert.deepEqual([
      unknown.status,
      unknown.body.error?.code,
      (unknown.body.error?.details.issues as { path: string }[])[0].path,
    ], [
      400,
      "VALIDATION_FAILED",
      "query.before",
    ]);
  } finally {
    await receiver.stop();
    await svc.close();
  }
});
