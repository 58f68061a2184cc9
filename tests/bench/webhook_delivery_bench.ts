/**
 * Webhooks out (issue 17): events delivered per second to a receiver on loopback by two workers
 * sharing one database (a libSQL file, and PostgreSQL when it is up): 500 events appended through
 * the outbox emitter, then two delivery loops (dispatch, claim under a lease, sign with
 * standardwebhooks, POST, record the attempt) run side by side until the receiver has all of them.
 * Prints the figure; Deno.bench times the whole run. Run: npx -y deno@2.9.6 bench -A tests/bench/webhook_delivery_bench.ts
 */
import { SqlEventOutbox } from "../../adapters/persistence/repositories/event_outbox_repository.ts";
import { randomIds } from "../../adapters/system/random_ids.ts";
import { outboxEmitter } from "../../domain/events/emit_event.ts";
import { runWebhookDelivery } from "../../src/webhooks_out/deliver_webhooks.ts";
import { call } from "../support/api_call.ts";
import { TEST_DATABASES } from "../support/databases.ts";
import { FixedClock, signTestToken, startTestService } from "../support/service.ts";
import { startReceiver } from "../support/webhook_receiver.ts";

const EVENTS = 500;

async function deliverAll(kind: (typeof TEST_DATABASES)[number]) {
  const clock = new FixedClock();
  const receiver = startReceiver(clock);
  const svc = await startTestService({ LOG_LEVEL: "warn" }, { clock, database: await kind.open() });
  try {
    const token = await signTestToken({ sub: "bench", org: "org-a", role: "admin" });
    const created = await call(svc.app, "POST", "/webhook-endpoints", { Authorization: `Bearer ${token}` }, {
      url: receiver.url("/bench"),
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const emit = outboxEmitter(new SqlEventOutbox(svc.database, randomIds));
    for (let i = 0; i < EVENTS; i++) {
      await emit("org-a", "connection.disconnected", {
        realm_id: `r${i}`,
        revoked_at_intuit: false,
        link: "/status",
      }, clock.now().toISOString());
    }
    const deps = svc.webhooksOut.deliveryDependencies;
    const worker = async (id: string) => {
      while (receiver.received.length < EVENTS) {
        const done = await runWebhookDelivery(deps, id);
        if (done.queued === 0 && done.succeeded === 0) await new Promise((r) => setTimeout(r, 5));
      }
    };
    const started = performance.now();
    await Promise.all([worker("w1"), worker("w2")]);
    const seconds = (performance.now() - started) / 1000;
    const unique = new Set(receiver.received.map((r) => r.webhookId)).size;
    console.log(
      `webhook delivery [${kind.name}]: ${EVENTS} events, 2 workers, ${seconds.toFixed(2)} s, ` +
        `${(EVENTS / seconds).toFixed(0)} events/s (received ${receiver.received.length}, unique ${unique})`,
    );
  } finally {
    await receiver.stop();
    await svc.close();
  }
}

for (const kind of TEST_DATABASES.filter((k) => k.name !== "libsql-memory" && k.unavailable === null)) {
  Deno.bench(
    `webhook delivery, 2 workers, ${EVENTS} events [${kind.name}]`,
    { n: 1, warmup: 0 },
    async () => {
      await deliverAll(kind);
    },
  );
}
