import type { Kysely, Selectable } from "kysely";
import type {
  InboxEntry,
  WebhookEvent,
  WebhookInbox,
  WebhookOperation,
} from "../../../domain/ports/webhook_inbox.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";
import type { WebhookInboxTable } from "../quickbooks_flow_schema.ts";

/** After this many failed attempts an event is set aside ("dead") so it stops blocking its realm. */
export const MAX_INBOX_ATTEMPTS = 10;

/**
 * The webhook inbox in SQL. Only the head of a realm's queue (oldest unprocessed by event time)
 * can be claimed, with a conditional UPDATE, so a realm is processed linearly even with many
 * workers; a claim expires so a crashed worker's event is picked up again.
 */
export class SqlWebhookInbox implements WebhookInbox {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;
  readonly #newId: () => string;

  constructor(
    database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect },
    newId: () => string,
  ) {
    this.#db = database.db;
    this.#dialect = database.dialect;
    this.#newId = newId;
  }

  /** SQLite writes take turns in this process and retry while another process writes. */
  #write<T>(work: () => Promise<T>): Promise<T> {
    return serializedWrite(this.#db, this.#dialect, work);
  }

  /** One multi-row INSERT: atomic in both engines without an explicit transaction. */
  async storeAll(
    events: readonly WebhookEvent[],
    receivedAt: Date,
  ): Promise<{ stored: number; duplicates: number }> {
    const unique = [...new Map(events.map((event) => [event.dedupKey, event])).values()];
    if (unique.length === 0) return { stored: 0, duplicates: events.length };
    const result = await this.#write(() =>
      this.#db.insertInto("webhook_inbox").values(unique.map((event) => ({
        id: this.#newId(),
        dedup_key: event.dedupKey,
        realm_id: event.realmId,
        entity_name: event.entityName,
        entity_id: event.entityId,
        operation: event.operation,
        occurred_at: event.occurredAt.toISOString(),
        deleted_id: event.deletedId,
        format: event.format,
        received_at: receivedAt.toISOString(),
        status: "pending",
        attempts: 0,
      }))).onConflict((oc) => oc.column("dedup_key").doNothing()).executeTakeFirst()
    );
    const stored = Number(result.numInsertedOrUpdatedRows ?? 0n);
    return { stored, duplicates: events.length - stored };
  }

  async claimNext(realmId: string, worker: string, now: Date, leaseUntil: Date): Promise<InboxEntry | null> {
    const head = await this.#db.selectFrom("webhook_inbox").select("id")
      .where("realm_id", "=", realmId).where("status", "in", ["pending", "claimed"])
      .orderBy("occurred_at").orderBy("received_at").orderBy("id").limit(1).executeTakeFirst();
    if (!head) return null;
    const claimed = await this.#write(() =>
      this.#db.updateTable("webhook_inbox")
        .set((eb) => ({
          status: "claimed",
          claimed_by: worker,
          claim_until: leaseUntil.toISOString(),
          attempts: eb("attempts", "+", 1),
        }))
        .where("id", "=", head.id)
        .where((eb) =>
          eb.or([
            eb("status", "=", "pending"),
            eb.and([
              eb("status", "=", "claimed"),
              eb.or([eb("claim_until", "<=", now.toISOString()), eb("claimed_by", "=", worker)]),
            ]),
          ])
        ).executeTakeFirst()
    );
    if (Number(claimed.numUpdatedRows) !== 1) return null;
    const row = await this.#db.selectFrom("webhook_inbox").selectAll().where("id", "=", head.id)
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  async markProcessed(entryId: string, worker: string, at: Date): Promise<void> {
    await this.#write(() =>
      this.#db.updateTable("webhook_inbox")
        .set({ status: "processed", processed_at: at.toISOString(), claimed_by: null, claim_until: null })
        .where("id", "=", entryId).where("claimed_by", "=", worker).execute()
    );
  }

  async release(entryId: string, worker: string, error: string): Promise<void> {
    await this.#write(() =>
      this.#db.updateTable("webhook_inbox")
        .set((eb) => ({
          status: eb.case().when("attempts", ">=", MAX_INBOX_ATTEMPTS).then("dead").else("pending").end(),
          claimed_by: null,
          claim_until: null,
          last_error: error.slice(0, 2000),
        }))
        .where("id", "=", entryId).where("claimed_by", "=", worker).execute()
    );
  }

  async realmsWithPendingEvents(): Promise<readonly string[]> {
    const rows = await this.#db.selectFrom("webhook_inbox").select("realm_id").distinct()
      .where("status", "in", ["pending", "claimed"]).orderBy("realm_id").execute();
    return rows.map((row) => row.realm_id);
  }
}

function toEntry(row: Selectable<WebhookInboxTable>): InboxEntry {
  return {
    id: row.id,
    dedupKey: row.dedup_key,
    realmId: row.realm_id,
    entityName: row.entity_name,
    entityId: row.entity_id,
    operation: row.operation as WebhookOperation,
    occurredAt: new Date(row.occurred_at),
    deletedId: row.deleted_id,
    format: row.format === "cloudevents" ? "cloudevents" : "legacy",
    receivedAt: new Date(row.received_at),
    attempts: Number(row.attempts),
  };
}
