import type { Kysely } from "kysely";
import { DomainError } from "../../../domain/errors.ts";
import type { Organization, OrganizationRepository } from "../../../domain/ports/organization_repository.ts";
import type { DatabaseSchema, OrganizationsTable } from "../schema.ts";
import { isUniqueViolation } from "../sql_errors.ts";

function toOrganization(row: OrganizationsTable): Organization {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

/** Organizations in SQL (libSQL or PostgreSQL). */
export class SqlOrganizationRepository implements OrganizationRepository {
  readonly #db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.#db = db;
  }

  async create(org: { id: string; name: string; createdAt: string }): Promise<Organization> {
    try {
      await this.#db.insertInto("organizations").values({
        id: org.id,
        name: org.name,
        created_at: org.createdAt,
      })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError("CONFLICT", `Organization ${org.id} already exists`, { org_id: org.id });
      }
      throw error;
    }
    return { ...org };
  }

  async get(id: string): Promise<Organization | null> {
    const row = await this.#db.selectFrom("organizations").selectAll().where("id", "=", id)
      .executeTakeFirst();
    return row ? toOrganization(row) : null;
  }

  async rename(id: string, name: string): Promise<Organization | null> {
    await this.#db.updateTable("organizations").set({ name }).where("id", "=", id).execute();
    return await this.get(id);
  }

  async list(options: { limit?: number; offset?: number } = {}): Promise<Organization[]> {
    const rows = await this.#db.selectFrom("organizations").selectAll().orderBy("created_at").orderBy("id")
      .limit(options.limit ?? 100).offset(options.offset ?? 0).execute();
    return rows.map(toOrganization);
  }
}
