import type { Kysely } from "kysely";
import type { Ids } from "../../../domain/ports/ids.ts";
import type {
  EventOutbox,
  EventQuery,
  NewOutboundEvent,
  OutboundEvent,
} from "../../../domain/ports/event_outbox.ts";
import type { Atomically } from "../../../domain/ports/unit_of_work.ts";
import type { Database } from "../database.ts";
import type { DatabaseSchema, OutboundEventsTable } from "../schema.ts";
import { sqlUnitOfWork } from "../unit_of_work.ts";

function toEvent(row: OutboundEventsTable): OutboundEvent {
  return {
    id: row.id,
    orgId: row.org_id,
    seq: Number(row.seq),
    type: row.type,
    occurredAt: row.occurred_at,
    data: JSON.parse(row.data),
  };
}

/**
 * The outbound event log in SQL. An append runs in the caller's unit of work (so the event commits
 * with its change, or not at all), else in its own: it locks the organization's tail row, takes the
 * next number and moves the tail, so numbers never repeat and a rolled-back append leaves no gap.
 */
export class SqlEventOutbox implements EventOutbox {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #atomically: Atomically;
  readonly #ids: Ids;

  constructor(database: Pick<Database, "db" | "dialect">, ids: Ids) {
    this.#db = database.db;
    this.#atomically = sqlUnitOfWork(database);
    this.#ids = ids;
  }

  append(event: NewOutboundEvent): Promise<OutboundEvent> {
    return this.#atomically(async () => {
      const db = this.#db;
      await db.insertInto("outbound_event_heads").values({ org_id: event.orgId, seq: 0 })
        .onConflict((oc) => oc.column("org_id").doNothing()).execute();
      // A write before the read: the row lock (PostgreSQL) or the write lock (SQLite) until commit.
      await db.updateTable("outbound_event_heads").set((eb) => ({ seq: eb("seq", "+", 1) }))
        .where("org_id", "=", event.orgId).execute();
      const head = await db.selectFrom("outbound_event_heads").select("seq").where("org_id", "=", event.orgId)
        .executeTakeFirstOrThrow();
      const stored: OutboundEvent = {
        id: `evt_${this.#ids.newId().replaceAll("-", "")}`,
        orgId: event.orgId,
        seq: Number(head.seq),
        type: event.type,
        occurredAt: event.occurredAt,
        data: event.data,
      };
      await db.insertInto("outbound_events").values({
        org_id: stored.orgId,
        seq: stored.seq,
        id: stored.id,
        type: stored.type,
        occurred_at: stored.occurredAt,
        data: JSON.stringify(stored.data),
      }).execute();
      return stored;
    });
  }

  async list(orgId: string, query: EventQuery): Promise<OutboundEvent[]> {
    let q = this.#db.selectFrom("outbound_events").selectAll().where("org_id", "=", orgId)
      .where("seq", ">", query.afterSeq ?? 0);
    if (query.types !== undefined) {
      if (query.types.length === 0) return [];
      q = q.where("type", "in", [...query.types]);
    }
    if (query.from !== undefined) q = q.where("occurred_at", ">=", query.from);
    if (query.to !== undefined) q = q.where("occurred_at", "<", query.to);
    const rows = await q.orderBy("seq").limit(query.limit).execute();
    return rows.map(toEvent);
  }

  async getMany(orgId: string, ids: readonly string[]): Promise<OutboundEvent[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db.selectFrom("outbound_events").selectAll().where("org_id", "=", orgId)
      .where("id", "in", [...new Set(ids)]).orderBy("seq").execute();
    return rows.map(toEvent);
  }

  async lastSeq(orgId: string): Promise<number> {
    const row = await this.#db.selectFrom("outbound_event_heads").select("seq").where("org_id", "=", orgId)
      .executeTakeFirst();
    return row ? Number(row.seq) : 0;
  }
}
