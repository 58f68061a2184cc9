import type { Kysely, Selectable, Transaction } from "kysely";
import {
  type LinkedJobProgress,
  QboIdAlreadyLinkedError,
  type QboIdConflict,
  type StoredSyncLink,
  type SyncLinkRepository,
  type SyncLinkWrite,
} from "../../../domain/ports/sync_link_repository.ts";
import { LeaseLostError } from "../../../domain/ports/job_queue.ts";
import type { RecordState, SyncLink } from "../../../domain/sync/sync_record.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema, SyncLinksTable } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";
import { progressColumns } from "./job_queue_repository.ts";

const IN_LIST_CHUNK = 200;

function toLink(row: Selectable<SyncLinksTable>): StoredSyncLink {
  return {
    orgId: row.org_id,
    realmId: row.realm_id,
    entityType: row.entity_type as SyncLink["entityType"],
    recordId: row.record_id,
    qboId: row.qbo_id,
    syncToken: row.sync_token,
    fingerprint: row.fingerprint,
    baseSnapshot: JSON.parse(row.base_snapshot),
    state: row.state as RecordState,
    recordVersion: row.record_version === null ? null : Number(row.record_version),
    syncedAt: row.synced_at,
  };
}

/**
 * Rejects the batch when a link's QBO id is held by another record: by a stored link or by an
 * earlier link of the batch (a stored link gives up its id only in a later batch, as the unique
 * index sees it row by row). The index stays the guarantee (a concurrent writer is caught there,
 * see constraint_errors.ts); this names every refused link and the record that holds its id.
 */
async function refuseTakenQboIds(
  trx: Transaction<DatabaseSchema>,
  orgId: string,
  realmId: string,
  links: readonly SyncLinkWrite[],
): Promise<void> {
  const key = (entityType: string, qboId: string) => `${entityType}\u0000${qboId}`;
  const holders = new Map<string, string>();
  const byType = Map.groupBy(links, (l) => l.entityType);
  for (const [entityType, group] of byType) {
    const qboIds = [...new Set(group.map((l) => l.qboId))];
    for (let i = 0; i < qboIds.length; i += IN_LIST_CHUNK) {
      const rows = await trx.selectFrom("sync_links").select(["record_id", "qbo_id"]).where(
        "org_id",
        "=",
        orgId,
      )
        .where("realm_id", "=", realmId).where("entity_type", "=", entityType)
        .where("qbo_id", "in", qboIds.slice(i, i + IN_LIST_CHUNK)).execute();
      for (const row of rows) holders.set(key(entityType, row.qbo_id), row.record_id);
    }
  }
  const conflicts: QboIdConflict[] = [];
  for (const link of links) {
    const at = key(link.entityType, link.qboId);
    const holder = holders.get(at);
    if (holder !== undefined && holder !== link.recordId) {
      conflicts.push({
        entityType: link.entityType,
        qboId: link.qboId,
        recordId: link.recordId,
        linkedRecordId: holder,
      });
    } else {
      holders.set(at, link.recordId);
    }
  }
  if (conflicts.length > 0) throw new QboIdAlreadyLinkedError(conflicts);
}

/**
 * Sync links in SQL. `saveBatch` writes the links and, when given, the job's progress in one
 * transaction; the progress update doubles as the lease check (it matches only while the worker
 * holds the lease), so a worker that lost its job cannot overwrite the new holder's links.
 */
export class SqlSyncLinkRepository implements SyncLinkRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string, realmId: string, entityType: string, recordId: string) {
    const row = await this.#db.selectFrom("sync_links").selectAll().where("org_id", "=", orgId)
      .where("realm_id", "=", realmId).where("entity_type", "=", entityType).where("record_id", "=", recordId)
      .executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async findByQboId(orgId: string, realmId: string, entityType: string, qboId: string) {
    const row = await this.#db.selectFrom("sync_links").selectAll().where("org_id", "=", orgId)
      .where("realm_id", "=", realmId).where("entity_type", "=", entityType).where("qbo_id", "=", qboId)
      .executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async listForRealm(orgId: string, realmId: string): Promise<StoredSyncLink[]> {
    const rows = await this.#db.selectFrom("sync_links").selectAll().where("org_id", "=", orgId)
      .where("realm_id", "=", realmId).orderBy("entity_type").orderBy("record_id").execute();
    return rows.map(toLink);
  }

  async getMany(orgId: string, realmId: string, entityType: string, recordIds: readonly string[]) {
    const unique = [...new Set(recordIds)];
    const out: StoredSyncLink[] = [];
    for (let i = 0; i < unique.length; i += IN_LIST_CHUNK) {
      const rows = await this.#db.selectFrom("sync_links").selectAll().where("org_id", "=", orgId)
        .where("realm_id", "=", realmId).where("entity_type", "=", entityType)
        .where("record_id", "in", unique.slice(i, i + IN_LIST_CHUNK)).orderBy("record_id").execute();
      out.push(...rows.map(toLink));
    }
    return out;
  }

  saveBatch(
    orgId: string,
    realmId: string,
    links: readonly SyncLinkWrite[],
    now: string,
    job?: LinkedJobProgress,
  ): Promise<boolean> {
    return serializedWrite(this.#db, this.#dialect, async () => {
      try {
        await this.#db.transaction().execute(async (trx) => {
          if (job) {
            const held = await trx.updateTable("job_queue").set(progressColumns(job.progress, now))
              .where("id", "=", job.jobId).where("status", "=", "running").where(
                "lease_owner",
                "=",
                job.workerId,
              )
              .executeTakeFirst();
            // Thrown inside the transaction to roll it back; the port reports a lost lease as false.
            if (Number(held.numUpdatedRows) !== 1) throw new LeaseLostError(job.jobId, job.workerId);
          }
          await refuseTakenQboIds(trx, orgId, realmId, links);
          for (const link of links) {
            const values = {
              qbo_id: link.qboId,
              sync_token: link.syncToken,
              fingerprint: link.fingerprint,
              base_snapshot: JSON.stringify(link.baseSnapshot),
              state: link.state,
              record_version: link.recordVersion,
              synced_at: now,
            };
            await trx.insertInto("sync_links").values({
              org_id: orgId,
              realm_id: realmId,
              entity_type: link.entityType,
              record_id: link.recordId,
              ...values,
            }).onConflict((oc) =>
              oc.columns(["org_id", "realm_id", "entity_type", "record_id"]).doUpdateSet(values)
            )
              .execute();
          }
        });
        return true;
      } catch (error) {
        if (error instanceof LeaseLostError) return false;
        throw error;
      }
    });
  }

  async delete(orgId: string, realmId: string, entityType: string, recordId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom("sync_links").where("org_id", "=", orgId).where(
      "realm_id",
      "=",
      realmId,
    )
      .where("entity_type", "=", entityType).where("record_id", "=", recordId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
