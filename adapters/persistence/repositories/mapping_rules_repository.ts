import type { Kysely } from "kysely";
import { TransformationRulesSchema } from "../../../domain/mapping/transformation_rules.ts";
import type {
  MappingRulesRepository,
  StoredMappingRules,
} from "../../../domain/ports/mapping_rules_repository.ts";
import type { TransformationRules } from "../../../domain/mapping/transformation_rules.ts";
import type { SqlDialect } from "../database.ts";
import type { DatabaseSchema } from "../schema.ts";
import { serializedWrite } from "../serialized_writes.ts";

/** Mapping rules in SQL, one row per organization, parsed back through the domain's schema. */
export class SqlMappingRulesRepository implements MappingRulesRepository {
  readonly #db: Kysely<DatabaseSchema>;
  readonly #dialect: SqlDialect;

  constructor(database: { readonly db: Kysely<DatabaseSchema>; readonly dialect: SqlDialect }) {
    this.#db = database.db;
    this.#dialect = database.dialect;
  }

  async get(orgId: string): Promise<StoredMappingRules | null> {
    const row = await this.#db.selectFrom("mapping_rules").selectAll().where("org_id", "=", orgId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      rules: TransformationRulesSchema.parse(JSON.parse(row.rules)),
      version: Number(row.version),
      updatedAt: row.updated_at,
    };
  }

  async save(orgId: string, rules: TransformationRules, now: string): Promise<StoredMappingRules> {
    const columns = { rules: JSON.stringify(TransformationRulesSchema.parse(rules)), updated_at: now };
    await serializedWrite(
      this.#db,
      this.#dialect,
      () =>
        this.#db.insertInto("mapping_rules").values({ org_id: orgId, ...columns, version: 1 })
          .onConflict((oc) =>
            oc.column("org_id").doUpdateSet((eb) => ({
              ...columns,
              version: eb("mapping_rules.version", "+", 1),
            }))
          ).execute(),
    );
    return (await this.get(orgId))!;
  }
}
