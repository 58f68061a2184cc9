/**
 * Webhooks out end to end (issue 17): the service (in process, the real fetch sender) delivers
 * outbound events to a receiver on loopback, and every delivery is verified with the Standard
 * Webhooks library from npm. Time is the service's test clock: retries come due by moving it,
 * never by sleeping. Events are appended through the outbox emitter, as the use cases do.
 */
import assert from "node:assert/strict";
import { SqlEventOutbox } from "../../adapters/persistence/repositories/event_outbox_repository.ts";
import { randomIds } from "../../adapters/system/random_ids.ts";
import { outboxEmitter } from "../../domain/events/emit_event.ts";
import type { WebhookSender } from "../../domain/ports/webhook_sender.ts";
import { RETRY_SCHEDULE_MS } from "../../domain/webhooks/delivery_schedule.ts";
import { deliverDueWebhooks, runWebhookDelivery } from "../../src/webhooks_out/deliver_webhooks.ts";
import { call } from "../support/api_call.ts";
import { TEST_DATABASES } from "../support/databases.ts";
import { FixedClock, signTestToken, startTestService } from "../support/service.ts";
import { type Receiver, startReceiver } from "../support/webhook_receiver.ts";

const ENV = { WEBHOOK_ATTEMPT_TIMEOUT_MS: "300" };

async function adminHeaders(org = "org-a") {
  const token = await signTestToken({ sub: "boss", org, role: "admin" }, {
    expiresAt: new Date("2027-06-01T00:00:00.000Z"),
  });
  return { Authorization: `Bearer ${token}` };
}

type Svc = Awaited<ReturnType<typeof startTestService>>;

async function createEndpoint(svc: Svc, url: string, extra: Record<string, unknown> = {}) {
  const created = await call(svc.app, "POST", "/webhook-endpoints", await adminHeaders(), { url, ...extra });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.data as { endpoint: { id: string }; secret: string };
}

function emitter(svc: Svc) {
  const emit = outboxEmitter(new SqlEventOutbox(svc.database, randomIds));
  let n = 0;
  return async (count: number) => {
    for (let i = 0; i < count; i++) {
      n += 1;
      await emit("org-a", "connection.disconnected", {
        realm_id: `realm-${n}`,
        revoked_at_intuit: false,
        link: "/status",
      }, svc.clock.now().toISOString());
    }
  };
}

async function attemptLog(svc: Svc, endpointId: string) {
  const items = [];
  let before: string | null = null;
  do {
    const page = await call(
      svc.app,
      "GET",
      `/webhook-endpoints/${endpointId}/attempts?limit=4${before === null ? "" : `&before=${before}`}`,
      await adminHeaders(),
    );
    assert.equal(page.status, 200, JSON.stringify(page.body));
    items.push(...page.body.data.items);
    before = page.body.data.next_cursor;
  } while (before !== null);
  return items;
}

/** Every request the receiver got: verified, its `webhook-id` the body's `id`. */
function verifyAll(receiver: Receiver, secret: string, path: string) {
  const mine = receiver.received.filter((r) => r.path === path);
  for (const delivery of mine) {
    receiver.verify(delivery, secret);
    assert.equal(delivery.webhookId, delivery.payload.id);
  }
  return mine;
}

const round = (svc: Svc, worker = "w1") => runWebhookDelivery(svc.webhooksOut.deliveryDependencies, worker);

Deno.test({
  name:
    "webhooks out: the receiver fails (500, timeouts, refused) then recovers; every event arrives once, each failure is logged",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const clock = new FixedClock();
    const receiver = startReceiver(clock);
    const svc = await startTestService(ENV, { clock });
    try {
      const { endpoint, secret } = await createEndpoint(svc, receiver.url("/hook"));
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
      const emit = emitter(svc);
      await emit(3);

      receiver.modes.set("/hook", "fail");
      assert.equal((await round(svc)).retry, 3);
      svc.clock.advance(RETRY_SCHEDULE_MS[1] * 1.1);
      receiver.modes.set("/hook", "hang");
      assert.equal((await round(svc)).retry, 3);
      await receiver.stop();
      svc.clock.advance(RETRY_SCHEDULE_MS[2] * 1.1);
      assert.equal((await round(svc)).retry, 3);
      receiver.start();
      receiver.modes.set("/hook", "ok");
      await emit(2);
      assert.deepEqual(await round(svc), {
        queued: 2,
        succeeded: 2,
        retry: 0,
        failed: 0,
        cancelled: 0,
        lease_lost: 0,
      });
      svc.clock.advance(RETRY_SCHEDULE_MS[3] * 1.1);
      assert.equal((await round(svc)).succeeded, 3);
      assert.equal((await round(svc)).succeeded, 0, "nothing is left to send");

      const got = verifyAll(receiver, secret, "/hook");
      const delivered = got.filter((r) => r.answered === 204);
      const events = await new SqlEventOutbox(svc.database, randomIds).list("org-a", { limit: 100 });
      assert.deepEqual(delivered.map((r) => r.webhookId).sort(), events.map((e) => e.id).sort());
      const idOfSeq = new Map<number, Set<string>>();
      for (const r of got) {
        idOfSeq.set(r.payload.sequence, (idOfSeq.get(r.payload.sequence) ?? new Set()).add(r.webhookId));
      }
      assert.ok(
        [...idOfSeq.values()].every((ids) => ids.size === 1),
        "every try of an event carries its one id",
      );
      assert.deepEqual(Object.keys(delivered[0].payload).sort(), [
        "data",
        "id",
        "occurred_at",
        "organization_id",
        "sequence",
        "timestamp",
        "type",
      ]);
      assert.equal(delivered[0].payload.organization_id, "org-a");

      const log = await attemptLog(svc, endpoint.id);
      assert.equal(log.length, 9 + 5);
      const failures = log.filter((a) => !a.succeeded);
      assert.equal(failures.filter((a) => a.status_code === 500).length, 3);
      assert.equal(failures.filter((a) => a.error?.startsWith("timeout after 300 ms")).length, 3);
      assert.equal(
        failures.filter((a) => a.status_code === null && /refused/i.test(a.error ?? "")).length,
        3,
      );
      assert.ok(log.every((a) => a.trigger === "scheduled" && a.duration_ms >= 0));
      assert.deepEqual(log.filter((a) => a.succeeded).map((a) => a.attempt).sort(), [1, 1, 4, 4, 4]);
      assert.ok(failures.filter((a) => a.status_code === 500).every((a) => a.response_body === "answer 500"));
    } finally {
      await receiver.stop();
      await svc.close();
    }
  },
});

Deno.test({
  name:
    "webhooks out: a 410 disables the endpoint at once and webhook_endpoint.disabled goes to the other endpoint",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const clock = new FixedClock();
    const receiver = startReceiver(clock);
    const svc = await startTestService(ENV, { clock });
    try {
      const gone = await createEndpoint(svc, receiver.url("/gone"));
      const other = await createEndpoint(svc, receiver.url("/other"));
      receiver.modes.set("/gone", "gone");
      await emitter(svc)(1);
      await round(svc);
      const shown = await call(
        svc.app,
        "GET",
        `/webhook-endpoints/${gone.endpoint.id}`,
        await adminHeaders(),
      );
      assert.deepEqual([shown.body.data.enabled, shown.body.data.disabled_reason], [false, "gone"]);
      await round(svc);
      await round(svc);
      const toOther = verifyAll(receiver, other.secret, "/other");
      assert.deepEqual(toOther.map((r) => r.payload.type), [
        "connection.disconnected",
        "webhook_endpoint.disabled",
      ]);
      assert.equal(toOther[1].payload.data.endpoint_id, gone.endpoint.id);
      assert.equal(toOther[1].payload.sequence, 2);
      const toGone = verifyAll(receiver, gone.secret, "/gone");
      assert.deepEqual(
        toGone.map((r) => r.payload.type),
        ["connection.disconnected"],
        "nothing more is sent to it",
      );
      const audit = await call(svc.app, "GET", "/audit-trail?limit=100", await adminHeaders());
      const actions = (audit.body.data?.items ?? []).map((r: { action: string }) => r.action);
      assert.ok(actions.includes("webhook_endpoint.disabled"), JSON.stringify(actions));
    } finally {
      await receiver.stop();
      await svc.close();
    }
  },
});

Deno.test({
  name:
    "webhooks out: a worker that dies mid-delivery loses nothing: its lease passes and another worker delivers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const clock = new FixedClock();
    const receiver = startReceiver(clock);
    const svc = await startTestService(ENV, { clock });
    try {
      const { endpoint, secret } = await createEndpoint(svc, receiver.url("/hook"));
      await emitter(svc)(1);
      const deps = svc.webhooksOut.deliveryDependencies;
      let wake: (() => void) | null = null;
      let sending: () => void = () => {};
      const sent = new Promise<void>((resolve) => sending = resolve);
      const stuck: WebhookSender = {
        resolve: deps.sender.resolve,
        send: () => {
          sending();
          return new Promise((resolve) =>
            wake = () => resolve({ statusCode: 204, durationMs: 1, error: null, body: "" })
          );
        },
      };
      // Worker 1 claims the delivery and stops answering in the middle of it (a killed process).
      const dying = runWebhookDelivery({ ...deps, sender: stuck }, "w1");
      await sent;
      assert.equal((await deliverDueWebhooks(deps, "w2")).succeeded, 0, "the lease keeps worker 2 off");
      svc.clock.advance(300 + 30_000);
      assert.equal(
        (await deliverDueWebhooks(deps, "w2")).succeeded,
        1,
        "after the lease worker 2 delivers it",
      );
      wake!();
      assert.equal((await dying).lease_lost, 1, "worker 1, back, records nothing over worker 2's attempt");
      const got = verifyAll(receiver, secret, "/hook");
      assert.equal(got.length, 1);
      const log = await attemptLog(svc, endpoint.id);
      assert.deepEqual(log.map((a) => [a.attempt, a.succeeded]), [[1, true]]);
    } finally {
      await receiver.stop();
      await svc.close();
    }
  },
});

for (const kind of TEST_DATABASES.filter((k) => k.name !== "libsql-memory")) {
  Deno.test({
    name: `webhooks out: two workers deliver 60 events to two endpoints, nothing twice [${kind.name}]`,
    ignore: kind.unavailable !== null,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const clock = new FixedClock();
      const receiver = startReceiver(clock);
      const database = await kind.open();
      const svc = await startTestService(ENV, { database, clock });
      try {
        const a = await createEndpoint(svc, receiver.url("/a"));
        const b = await createEndpoint(svc, receiver.url("/b"), { event_types: ["connection.disconnected"] });
        await emitter(svc)(60);
        for (let i = 0; i < 10; i++) await Promise.all([round(svc, "w1"), round(svc, "w2")]);
        const toA = verifyAll(receiver, a.secret, "/a");
        const toB = verifyAll(receiver, b.secret, "/b");
        assert.equal(toA.length, 60);
        assert.equal(new Set(toA.map((r) => r.webhookId)).size, 60);
        assert.deepEqual(toB.map((r) => r.webhookId).sort(), toA.map((r) => r.webhookId).sort());
      } finally {
        await receiver.stop();
        await svc.close();
      }
    },
  });
}
