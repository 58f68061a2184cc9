import type { Kysely, Selectable } from "kysely";
import type {
  AttemptOutcome,
  DeliveryStatus,
  DeliveryTrigger,
  NewWebhookDelivery,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryRepository,
} from "../../../domain/ports/webhook_deliveries.ts";
import type { Atomically } from "../../../domain/ports/unit_of_work.ts";
import type { Database } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import type { WebhookAttemptsTable, WebhookDeliveriesTable } from "../webhooks_out_schema.ts";
import { sqlUnitOfWork } from "../unit_of_work.ts";

/** Claimers racing for the same due delivery try the next ones at most this often per call. */
const CLAIM_RACE_RETRIES = 8;

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    id: row.id,
    orgId: row.org_id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventSeq: Number(row.event_seq),
    trigger: row.trigger as DeliveryTrigger,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
  };
}

function toAttempt(row: Selectable<WebhookAttemptsTable>): WebhookAttempt {
  return {
    id: row.id,
    orgId: row.org_id,
    endpointId: row.endpoint_id,
    deliveryId: row.delivery_id,
    eventId: row.event_id,
    eventType: row.event_type,
    attempt: Number(row.attempt),
    trigger: row.trigger as DeliveryTrigger,
    attemptedAt: row.attempted_at,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    durationMs: Number(row.duration_ms),
    error: row.error,
    responseBody: row.response_body,
    succeeded: Number(row.succeeded) === 1,
  };
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Webhook deliveries in SQL. Claiming is a conditional UPDATE on the row's status and lease
 * (compare-and-set), as SqlJobQueue claims jobs: of several workers racing for a delivery exactly
 * one update succeeds. Finishing is conditional on still holding the lease, so a worker whose
 * lease passed records nothing over its successor's attempt.
 */
export class SqlWebhookDeliveryRepository implements WebhookDeliveryRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #atomically: Atomically;

  constructor(database: Pick<Database, "db" | "dialect">) {
    this.#db = database.db;
    this.#atomically = sqlUnitOfWork(database);
  }

  enqueue(deliveries: readonly NewWebhookDelivery[]): Promise<number> {
    if (deliveries.length === 0) return Promise.resolve(0);
    return this.#atomically(async () => {
      const result = await this.#db.insertInto("webhook_deliveries").values(deliveries.map((d) => ({
        id: d.id,
        org_id: d.orgId,
        endpoint_id: d.endpointId,
        event_id: d.eventId,
        event_seq: d.eventSeq,
        trigger: d.trigger,
        dedupe_key: d.dedupeKey,
        status: "pending",
        attempts: 0,
        next_attempt_at: new Date(d.nextAttemptAt).toISOString(),
        lease_owner: null,
        lease_until: null,
        finished_at: null,
        created_at: d.createdAt,
        updated_at: d.createdAt,
      }))).onConflict((oc) => oc.column("dedupe_key").doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    });
  }

  async claim(workerId: string, leaseMs: number, now: string): Promise<WebhookDelivery | null> {
    const leaseUntil = plus(now, leaseMs);
    for (let round = 0; round < CLAIM_RACE_RETRIES; round++) {
      const candidates = await this.#db.selectFrom("webhook_deliveries").selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", now)]),
            eb.and([eb("status", "=", "delivering"), eb("lease_until", "<=", now)]),
          ])
        )
        .orderBy("next_attempt_at").orderBy("event_seq").orderBy("id").limit(4).execute();
      if (candidates.length === 0) return null;
      for (const c of candidates) {
        const result = await this.#atomically(() =>
          this.#db.updateTable("webhook_deliveries")
            .set({ status: "delivering", lease_owner: workerId, lease_until: leaseUntil, updated_at: now })
            .where("id", "=", c.id).where("status", "=", c.status).where("attempts", "=", c.attempts)
            .where((eb) =>
              c.lease_until === null ? eb("lease_until", "is", null) : eb("lease_until", "=", c.lease_until)
            )
            .executeTakeFirst()
        );
        if (Number(result.numUpdatedRows) !== 1) continue;
        return toDelivery({
          ...c,
          status: "delivering",
          lease_owner: workerId,
          lease_until: leaseUntil,
          updated_at: now,
        });
      }
    }
    return null;
  }

  finish(
    delivery: WebhookDelivery,
    workerId: string,
    attempt: WebhookAttempt | null,
    outcome: AttemptOutcome,
    now: string,
  ): Promise<boolean> {
    return this.#atomically(async () => {
      const next = outcome.kind === "retry"
        ? { status: "pending", next_attempt_at: new Date(outcome.retryAt).toISOString(), finished_at: null }
        : { status: outcome.kind, finished_at: now };
      const result = await this.#db.updateTable("webhook_deliveries")
        .set({
          ...next,
          attempts: delivery.attempts + (attempt === null ? 0 : 1),
          lease_owner: null,
          lease_until: null,
          updated_at: now,
        })
        .where("id", "=", delivery.id).where("status", "=", "delivering").where("lease_owner", "=", workerId)
        .where("attempts", "=", delivery.attempts)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      if (attempt !== null) {
        await this.#db.insertInto("webhook_attempts").values({
          id: attempt.id,
          org_id: attempt.orgId,
          endpoint_id: attempt.endpointId,
          delivery_id: attempt.deliveryId,
          event_id: attempt.eventId,
          event_type: attempt.eventType,
          attempt: attempt.attempt,
          trigger: attempt.trigger,
          attempted_at: attempt.attemptedAt,
          status_code: attempt.statusCode,
          duration_ms: attempt.durationMs,
          error: attempt.error === null ? null : attempt.error.slice(0, 500),
          response_body: attempt.responseBody,
          succeeded: attempt.succeeded ? 1 : 0,
        }).execute();
      }
      return true;
    });
  }

  async listAttempts(
    orgId: string,
    endpointId: string,
    page: { before?: string; limit: number },
  ): Promise<WebhookAttempt[] | null> {
    let query = this.#db.selectFrom("webhook_attempts").selectAll().where("org_id", "=", orgId)
      .where("endpoint_id", "=", endpointId);
    if (page.before !== undefined) {
      const cursor = await this.#db.selectFrom("webhook_attempts").select(["attempted_at", "id"])
        .where("org_id", "=", orgId).where("endpoint_id", "=", endpointId).where("id", "=", page.before)
        .executeTakeFirst();
      if (!cursor) return null;
      query = query.where((eb) =>
        eb.or([
          eb("attempted_at", "<", cursor.attempted_at),
          eb.and([eb("attempted_at", "=", cursor.attempted_at), eb("id", "<", cursor.id)]),
        ])
      );
    }
    const rows = await query.orderBy("attempted_at", "desc").orderBy("id", "desc").limit(page.limit)
      .execute();
    return rows.map(toAttempt);
  }

  async failedEventIds(orgId: string, endpointId: string, since: string): Promise<string[]> {
    const rows = await this.#db.selectFrom("webhook_deliveries").select("event_id").distinct()
      .where("org_id", "=", orgId).where("endpoint_id", "=", endpointId)
      .where("status", "in", ["failed", "cancelled"]).where("finished_at", ">=", since).execute();
    return rows.map((r) => r.event_id);
  }

  async cancelPending(orgId: string, endpointId: string, now: string): Promise<number> {
    const result = await this.#atomically(() =>
      this.#db.updateTable("webhook_deliveries")
        .set({ status: "cancelled", finished_at: now, updated_at: now, lease_owner: null, lease_until: null })
        .where("org_id", "=", orgId).where("endpoint_id", "=", endpointId).where("status", "=", "pending")
        .executeTakeFirst()
    );
    return Number(result.numUpdatedRows);
  }
}
