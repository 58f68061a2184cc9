/**
 * The webhook storm of the reliability suite: thousands of QuickBooks deliveries over HTTP, both
 * formats, each genuine one sent again (replays, some at the same moment as the first), mixed with
 * forgeries (a body changed after signing, a signature from another verifier token, a random or a
 * missing signature, a replay of a genuine signature over another body), while a push runs and the
 * webhook task turns events into pulls. Every genuine delivery is acknowledged, every forgery is
 * refused, every genuine event is stored exactly once, none of a forgery is, and each stored event
 * is processed exactly once. `STORM_DELIVERIES` sets the count (a short mode under CI).
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { WebhookSignatureVerifier } from "../../adapters/quickbooks/webhooks/webhook_signature.ts";
import {
  api,
  connectWithMappings,
  loadSamplePortfolio,
  startService,
  VERIFIER,
} from "../support/e2e_service.ts";

const DELIVERIES = Number(Deno.env.get("STORM_DELIVERIES") ?? (Deno.env.get("CI") ? 1_000 : 3_000));
const CONCURRENCY = 24;
const ORG = "org-storm";

interface Delivery {
  readonly body: string;
  readonly contentType: string;
  readonly signature: string | null;
  readonly genuine: boolean;
  /** The dedup keys of the events it carries (CloudEvents ids; for the legacy format, derived). */
  readonly eventIds: readonly string[];
}

const signer = new WebhookSignatureVerifier(VERIFIER);
const stranger = new WebhookSignatureVerifier("another-apps-verifier-token");
const sign = (body: string, by = signer) => by.sign(new TextEncoder().encode(body));

/** One genuine delivery: a CloudEvents batch or a legacy notification of 1-3 changes. */
async function genuine(n: number, realmId: string): Promise<Delivery> {
  const count = 1 + (n % 3);
  const at = (i: number) => new Date(Date.UTC(2026, 5, 1, 12, 0, 0) + n * 1000 + i).toISOString();
  if (n % 2 === 0) {
    const events = Array.from({ length: count }, (_, i) => ({
      specversion: "1.0",
      id: `storm-${n}-${i}`,
      source: "intuit.quickbooks",
      type: i % 2 ? "qbo.invoice.updated.v1" : "qbo.customer.updated.v1",
      time: at(i),
      intuitentityid: String(100_000 + n * 10 + i),
      intuitaccountid: realmId,
    }));
    const body = JSON.stringify(events);
    return {
      body,
      contentType: "application/cloudevents+json",
      signature: await sign(body),
      genuine: true,
      eventIds: events.map((e) => e.id),
    };
  }
  const entities = Array.from({ length: count }, (_, i) => ({
    name: i % 2 ? "Payment" : "Customer",
    id: String(200_000 + n * 10 + i),
    operation: "Update",
    lastUpdated: at(i),
  }));
  const body = JSON.stringify({ eventNotifications: [{ realmId, dataChangeEvent: { entities } }] });
  return {
    body,
    contentType: "application/json",
    signature: await sign(body),
    genuine: true,
    eventIds: entities.map((e) => e.id),
  };
}

/** A forgery of a genuine delivery; its events carry entity ids no genuine delivery uses. */
async function forged(n: number, of: Delivery): Promise<Delivery> {
  const changed = of.body.replaceAll(/"(1|2)(\d{5,})"/g, '"9$2"').replaceAll("storm-", "forged-");
  const kinds: [string | null, string][] = [
    [of.signature, changed], // the body changed after it was signed
    [await sign(changed, stranger), changed], // signed by another app's verifier token
    [btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))), changed],
    [null, changed], // no signature at all
    ["", changed],
  ];
  const [signature, body] = kinds[n % kinds.length];
  return { body, contentType: of.contentType, signature, genuine: false, eventIds: [] };
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

Deno.test({
  name:
    "reliability storm: signed deliveries with replays and forgeries during a sync: stored once, forgeries refused",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const run = await startService();
    try {
      await run.service.ensureOrganization({ orgId: ORG, userId: "storm-setup" }, "Storm Properties");
      const { target } = await connectWithMappings(run, ORG);
      const { intake } = await loadSamplePortfolio(run, ORG, {
        properties: 2,
        unitsPerProperty: 6,
        months: 2,
        bills: true,
        moveOut: false,
      });
      assert.equal(intake.status, 200);
      const queued = await api(run, "POST", "/sync", ORG, { direction: "push" });
      assert.equal(queued.status, 202, JSON.stringify(queued.body));

      const originals = await Promise.all(
        Array.from({ length: DELIVERIES }, (_, n) => genuine(n, target.realmId)),
      );
      const forgeries = await Promise.all(
        originals.filter((_, n) => n % 3 === 0).map((d, n) => forged(n, d)),
      );
      // Each genuine delivery twice or three times (QuickBooks redelivers until acknowledged), shuffled
      // with the forgeries by a fixed permutation so replays land both at once and much later.
      const sends: Delivery[] = [
        ...originals,
        ...originals,
        ...originals.filter((_, n) => n % 4 === 0),
        ...forgeries,
      ];
      for (let i = sends.length - 1, seed = 7; i > 0; i--) {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        const j = seed % (i + 1);
        [sends[i], sends[j]] = [sends[j], sends[i]];
      }

      const answers = { accepted: 0, refused: 0, wrong: [] as string[] };
      const stored = { fresh: 0, duplicates: 0 };
      let stop = false;
      const webhookTask = run.service.periodicTasks.find((t) => t.name === "webhook_pulls")!;
      let processed = 0;
      const background = (async () => {
        // The worker runs the push (and the pulls the webhooks queue) while the storm lasts.
        while (!stop) {
          const { processed: p } = await webhookTask.run() as { processed: number };
          processed += p;
          if (!await run.service.worker.runOnce()) await new Promise((r) => setTimeout(r, 5));
        }
      })();
      const started = performance.now();
      await pool(sends, CONCURRENCY, async (d) => {
        const headers: Record<string, string> = { "Content-Type": d.contentType };
        if (d.signature !== null) headers["intuit-signature"] = d.signature;
        const res = await fetch(`${run.base}/api/quickbooks/webhooks`, {
          method: "POST",
          headers,
          body: d.body,
        });
        const body = await res.json();
        if (d.genuine && res.status === 200) {
          answers.accepted++;
          stored.fresh += body.data.stored;
          stored.duplicates += body.data.duplicates;
        } else if (!d.genuine && res.status === 401 && /^WEBHOOK_SIGNATURE_/.test(body.error?.code)) {
          answers.refused++;
        } else {
          answers.wrong.push(`${d.genuine ? "genuine" : "forged"} -> ${res.status} ${JSON.stringify(body)}`);
        }
      });
      const seconds = (performance.now() - started) / 1000;
      stop = true;
      await background;
      // Whatever the storm left: the remaining events and jobs.
      for (;;) {
        const { processed: p } = await webhookTask.run() as { processed: number };
        processed += p;
        if (p === 0 && !await run.service.worker.runOnce()) break;
      }

      assert.deepEqual(answers.wrong.slice(0, 5), []);
      const genuineSends = sends.filter((d) => d.genuine).length;
      assert.equal(answers.accepted, genuineSends);
      assert.equal(answers.refused, forgeries.length);

      const sent = originals.flatMap((d) => d.eventIds);
      assert.equal(new Set(sent).size, sent.length);
      const db = run.service.database.db;
      const rows = (await sql<{ dedup_key: string; entity_id: string; status: string; attempts: number }>`
        SELECT dedup_key, entity_id, status, attempts FROM webhook_inbox
      `.execute(db)).rows;
      assert.equal(stored.fresh, sent.length, "the answers counted each event as new exactly once");
      const eventSends = sends.filter((d) => d.genuine).reduce((n, d) => n + d.eventIds.length, 0);
      assert.equal(
        stored.duplicates,
        eventSends - sent.length,
        "every replayed event was answered a duplicate",
      );
      assert.equal(rows.length, sent.length, "every genuine event stored once, nothing else stored");
      assert.equal(new Set(rows.map((r) => r.dedup_key)).size, rows.length);
      assert.equal(rows.filter((r) => r.entity_id.startsWith("9")).length, 0, "no forged event stored");
      assert.deepEqual(
        rows.filter((r) => r.status !== "processed" || r.attempts !== 1).slice(0, 5),
        [],
        "each event processed exactly once",
      );
      assert.equal(processed, sent.length);

      const job = (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, ORG)).body.data;
      assert.equal(job.status, "succeeded", JSON.stringify(job).slice(0, 400));
      assert.deepEqual(job.result.push.failed, []);
      console.log(
        `webhook storm: ${sends.length} deliveries (${originals.length} genuine, ${
          genuineSends - originals.length
        } ` +
          `replays, ${forgeries.length} forgeries) in ${seconds.toFixed(1)} s, ${CONCURRENCY} at a time; ` +
          `${rows.length} events stored once, ${processed} processed once, ${answers.refused} forgeries refused; ` +
          `push ${job.status} with ${job.progress.done} records`,
      );
    } finally {
      await run.close();
    }
  },
});
