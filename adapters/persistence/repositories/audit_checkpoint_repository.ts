import type { Kysely } from "kysely";
import type { CheckpointPurpose, SignedCheckpoint } from "../../../domain/audit/checkpoint.ts";
import type { AuditCheckpointStore } from "../../../domain/ports/audit_checkpoint_store.ts";
import type { AuditCheckpointsTable, DatabaseSchema } from "../schema.ts";

function toSigned(row: AuditCheckpointsTable): SignedCheckpoint {
  return {
    checkpoint: {
      orgId: row.org_id,
      seq: Number(row.seq),
      hash: row.hash,
      at: row.at,
      purpose: row.purpose as CheckpointPurpose,
    },
    keyId: row.key_id,
    jws: row.jws,
  };
}

/** Signed checkpoints in SQL, one row per organization, chain position and purpose. */
export class SqlAuditCheckpointStore implements AuditCheckpointStore {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async save(signed: SignedCheckpoint): Promise<SignedCheckpoint> {
    const { checkpoint } = signed;
    await this.#db.insertInto("audit_checkpoints").values({
      org_id: checkpoint.orgId,
      seq: checkpoint.seq,
      purpose: checkpoint.purpose,
      hash: checkpoint.hash,
      at: checkpoint.at,
      key_id: signed.keyId,
      jws: signed.jws,
    }).onConflict((oc) => oc.columns(["org_id", "seq", "purpose"]).doNothing()).execute();
    const row = await this.#db.selectFrom("audit_checkpoints").selectAll()
      .where("org_id", "=", checkpoint.orgId).where("seq", "=", checkpoint.seq)
      .where("purpose", "=", checkpoint.purpose).executeTakeFirstOrThrow();
    return toSigned(row);
  }

  async latest(orgId: string, purpose?: CheckpointPurpose): Promise<SignedCheckpoint | null> {
    let query = this.#db.selectFrom("audit_checkpoints").selectAll().where("org_id", "=", orgId);
    if (purpose) query = query.where("purpose", "=", purpose);
    const row = await query.orderBy("seq", "desc").orderBy("at", "desc").limit(1).executeTakeFirst();
    return row ? toSigned(row) : null;
  }

  async list(
    orgId: string,
    options: { beforeSeq?: number; limit?: number } = {},
  ): Promise<SignedCheckpoint[]> {
    let query = this.#db.selectFrom("audit_checkpoints").selectAll().where("org_id", "=", orgId);
    if (options.beforeSeq !== undefined) query = query.where("seq", "<", options.beforeSeq);
    const rows = await query.orderBy("seq", "desc").orderBy("at", "desc").limit(options.limit ?? 100)
      .execute();
    return rows.map(toSigned);
  }
}
