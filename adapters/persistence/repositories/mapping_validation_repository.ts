import type { Kysely } from "kysely";
import { z } from "zod";
import { MappingProblemSchema } from "../../../domain/mapping/mapping_validation.ts";
import type {
  MappingValidationRepository,
  StoredMappingValidation,
} from "../../../domain/ports/mapping_validation_repository.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

const ProblemsSchema = z.array(MappingProblemSchema);
const StateSchema = z.enum(["valid", "invalid"]);

/** Mapping validations in SQL, one row per (organization, realm); problems as JSON text. */
export class SqlMappingValidationRepository implements MappingValidationRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string, realmId: string): Promise<StoredMappingValidation | null> {
    const row = await this.#db.selectFrom("account_mapping_validations").selectAll()
      .where("org_id", "=", orgId).where("realm_id", "=", realmId).executeTakeFirst();
    if (!row) return null;
    return {
      orgId: row.org_id,
      realmId: row.realm_id,
      state: StateSchema.parse(row.state),
      problems: ProblemsSchema.parse(JSON.parse(row.problems)),
      mappingFingerprint: row.mapping_fingerprint,
      checkedAt: row.checked_at,
    };
  }

  async save(validation: StoredMappingValidation): Promise<void> {
    const values = {
      state: validation.state,
      problems: JSON.stringify(validation.problems),
      mapping_fingerprint: validation.mappingFingerprint,
      checked_at: validation.checkedAt,
    };
    await serializedWrite(this.#db, this.#dialect, () =>
      this.#db.insertInto("account_mapping_validations")
        .values({ org_id: validation.orgId, realm_id: validation.realmId, ...values })
        .onConflict((oc) => oc.columns(["org_id", "realm_id"]).doUpdateSet(values))
        .execute());
  }
}
