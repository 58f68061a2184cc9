import assert from "node:assert/strict";
import { sql } from "kysely";
import { FOREIGN_KEYS } from "../../../adapters/persistence/constraint_errors.ts";
import type { Database } from "../../../adapters/persistence/database.ts";
import { SqlConnectionRepository } from "../../../adapters/persistence/repositories/connection_repository.ts";
import { SqlOAuthStateStore } from "../../../adapters/persistence/repositories/oauth_state_repository.ts";
import { SqlOrganizationRepository } from "../../../adapters/persistence/repositories/organization_repository.ts";
import { SqlReconciliationReportRepository } from "../../../adapters/persistence/repositories/reconciliation_repository.ts";
import { isUniqueViolation } from "../../../adapters/persistence/sql_errors.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { StoredReconciliationReport } from "../../../domain/ports/reconciliation_reports.ts";
import { contractSuite } from "../../support/databases.ts";

const NOW = "2026-05-01T12:00:00.000Z";

/** A rejection that is the coded error `code`, carrying `details` (a subset) and the driver error as its cause. */
function coded(code: string, details: Record<string, unknown>) {
  return (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    for (const [key, value] of Object.entries(details)) assert.deepEqual(error.details[key], value, key);
    assert.ok(error.cause, "the driver error is kept as the cause");
    return true;
  };
}

function report(id: string): StoredReconciliationReport {
  return {
    id,
    orgId: "org-1",
    realmId: "111",
    createdAt: NOW,
    periodFrom: "2026-04-01",
    periodTo: "2026-04-30",
    propertyIds: null,
    discrepanciesFound: 0,
    discrepancies: [],
    countsByType: {},
    totals: {},
    score: { byCount: 100, byAmount: 100 },
    resolution: null,
  } as unknown as StoredReconciliationReport;
}

/** The schema's foreign keys as the engine's own catalogue lists them. */
async function foreignKeysOf(database: Database) {
  if (database.dialect === "postgres") {
    const rows = await sql<{ table: string; column: string; parent: string }>`
      SELECT tc.table_name AS "table", kcu.column_name AS "column", ccu.table_name AS "parent"
      FROM information_schema.table_constraints tc
      JOIN information_schema.key_column_usage kcu
        ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      JOIN information_schema.constraint_column_usage ccu
        ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`.execute(database.db);
    return rows.rows;
  }
  const tables = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(database.db);
  const out: { table: string; column: string; parent: string }[] = [];
  for (const { name } of tables.rows) {
    const keys = await sql<{ from: string; table: string }>`SELECT * FROM pragma_foreign_key_list(${name})`
      .execute(database.db);
    for (const key of keys.rows) out.push({ table: name, column: key.from, parent: key.table });
  }
  return out;
}

const byKey = (a: { table: string; column: string }, b: { table: string; column: string }) =>
  `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);

contractSuite("constraintError at the repository boundary", async (t, database) => {
  const orgs = new SqlOrganizationRepository(database.db);
  const connections = new SqlConnectionRepository(database.db);
  await orgs.create({ id: "org-1", name: "One", createdAt: NOW });

  await t.step(
    "FOREIGN KEY: a connection of an unregistered organization is NOT_FOUND naming it",
    async () => {
      await assert.rejects(
        connections.save({
          id: "conn-ghost",
          orgId: "org-ghost",
          realmId: "111",
          companyName: "Ghost",
          status: "connected",
          encryptedTokens: "ciphertext-secret",
          accessTokenExpiresAt: NOW,
          refreshTokenExpiresAt: NOW,
          refreshTokenHardExpiresAt: null,
          classTrackingEnabled: false,
          locationTrackingEnabled: false,
          isDefault: true,
          lastErrorCode: null,
          lastErrorMessage: null,
          lastErrorAt: null,
          connectedAt: NOW,
        }, NOW),
        (error) => {
          coded("NOT_FOUND", {
            violation: "foreign_key",
            table: "quickbooks_connections",
            parent: "organizations",
            org_id: "org-ghost",
            register_with: "PUT /organization",
          })(error);
          assert.match((error as Error).message, /Organization org-ghost is not registered/);
          assert.doesNotMatch(JSON.stringify((error as DomainError).details), /ciphertext/);
          return true;
        },
      );
      assert.deepEqual(await connections.listByOrg("org-ghost"), [], "nothing was stored");
    },
  );

  await t.step("FOREIGN KEY: the catalogue lists exactly the schema's foreign keys", async () => {
    assert.deepEqual(
      (await foreignKeysOf(database)).sort(byKey),
      [...FOREIGN_KEYS].sort(byKey),
    );
  });

  await t.step("UNIQUE: a duplicate id is CONFLICT naming the table, columns and id", async () => {
    const reports = new SqlReconciliationReportRepository(database);
    await reports.save(report("rep-1"));
    await assert.rejects(
      reports.save(report("rep-1")),
      coded("CONFLICT", {
        violation: "unique",
        table: "reconciliation_reports",
        columns: ["id"],
        key: { id: "rep-1" },
      }),
    );
  });

  await t.step("UNIQUE: a key that is not an id (an OAuth state) is not echoed back", async () => {
    const states = new SqlOAuthStateStore(database);
    const pending = {
      state: "state-secret-1",
      organizationId: "org-1",
      userId: "u-1",
      codeVerifier: "verifier",
      expiresAt: new Date(NOW),
      returnUrl: null,
    };
    await states.save(pending);
    await assert.rejects(states.save(pending), (error) => {
      coded("CONFLICT", { violation: "unique", table: "oauth_states", key: {} })(error);
      assert.doesNotMatch(JSON.stringify((error as DomainError).details), /state-secret-1/);
      assert.equal(isUniqueViolation(error), true, "retry loops still recognise it");
      return true;
    });
  });

  await t.step("NOT NULL: a missing value is VALIDATION_FAILED naming the column", async () => {
    await assert.rejects(
      orgs.create({ id: "org-nameless", name: null as unknown as string, createdAt: NOW }),
      coded("VALIDATION_FAILED", { violation: "not_null", table: "organizations", columns: ["name"] }),
    );
    assert.equal(await orgs.get("org-nameless"), null);
  });

  await t.step("CHECK: a refused value is VALIDATION_FAILED naming the constraint", async () => {
    // The schema has no CHECK yet; the translation lives in the handle every repository uses.
    await sql`CREATE TABLE check_probe (amount integer NOT NULL CONSTRAINT check_probe_positive CHECK (amount > 0))`
      .execute(database.db);
    await assert.rejects(
      database.db.transaction().execute((trx) =>
        sql`INSERT INTO check_probe (amount) VALUES (${0})`.execute(trx)
      ),
      coded("VALIDATION_FAILED", { violation: "check", constraint: "check_probe_positive" }),
    );
  });

  await t.step("too long (PostgreSQL's varchar bound) is VALIDATION_FAILED; SQLite stores it", async () => {
    const id = `org-${"x".repeat(80)}`;
    if (database.dialect === "postgres") {
      await assert.rejects(
        orgs.create({ id, name: "Long", createdAt: NOW }),
        coded("VALIDATION_FAILED", { violation: "too_long", table: "organizations" }),
      );
    } else {
      assert.equal((await orgs.create({ id, name: "Long", createdAt: NOW })).id, id);
    }
  });

  await t.step(
    "trigger: changing the append-only audit log is CONFLICT with the trigger's reason",
    async () => {
      await database.db.insertInto("audit_log").values({
        org_id: "org-1",
        seq: 1,
        at: NOW,
        actor: "user:u1",
        action: "a.one",
        target: null,
        details: "{}",
        request_id: null,
        prev_hash: "",
        hash: "h1",
      }).execute();
      await assert.rejects(
        database.db.updateTable("audit_log").set({ action: "tampered" }).where("org_id", "=", "org-1")
          .execute(),
        coded("CONFLICT", { violation: "trigger", table: "audit_log", reason: "audit_log is append-only" }),
      );
    },
  );

  await t.step("other driver errors are left alone", async () => {
    await assert.rejects(
      sql`SELECT * FROM no_such_table`.execute(database.db),
      (error) => !(error instanceof DomainError) && /no_such_table/.test(String(error)),
    );
  });
});
