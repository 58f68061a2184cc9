import assert from "node:assert/strict";
import type { Kysely } from "kysely";
import { openDatabase } from "../../../../adapters/persistence/database.ts";
import { migrateToLatest } from "../../../../adapters/persistence/migrator.ts";
import { MIGRATIONS } from "../../../../adapters/persistence/migrations/mod.ts";
import { SqlAutomationRepository } from "../../../../adapters/persistence/repositories/automation_repository.ts";

const row = (workflow: string, options: unknown) => ({
  org_id: "org-1",
  workflow,
  enabled: 1,
  schedule: JSON.stringify({ kind: "daily", at: "06:00" }),
  missed_slots: "skip",
  options: JSON.stringify(options),
  schedule_from: "2026-01-01T00:00:00.000Z",
  version: 3,
  updated_at: "2026-01-01T00:00:00.000Z",
  updated_by: "user:u1",
});

Deno.test("020_workflow_options_snake_case rewrites stored camelCase late-fee policies and leaves the rest", async () => {
  const database = await openDatabase(":memory:");
  try {
    const before = MIGRATIONS.findIndex((m) => m.name === "020_workflow_options_snake_case");
    assert.ok(before > 0, "the migration is registered");
    await migrateToLatest(database, MIGRATIONS.slice(0, before));
    const db = database.db as unknown as Kysely<{ automation_workflows: ReturnType<typeof row> }>;
    const rent = { starts_on: "2026-01-01", days_in_advance: 0 };
    await db.insertInto("automation_workflows").values([
      row("late_fee_processing", {
        starts_on: "2026-01-01",
        default_policy: {
          graceDays: 5,
          initialFee: { kind: "flat", amountCents: 5_000 },
          dailyAccrualCents: 0,
        },
        property_policies: {
          p2: { graceDays: 3, initialFee: { kind: "percent", basisPoints: 500 }, maxPerLeaseCents: 6_000 },
        },
      }),
      row("rent_invoice_generation", rent),
    ]).execute();

    const report = await migrateToLatest(database);
    assert.ok(report.applied.includes("020_workflow_options_snake_case"));

    const repo = new SqlAutomationRepository(database);
    const late = await repo.getConfig("org-1", "late_fee_processing");
    assert.deepEqual(late?.options, {
      starts_on: "2026-01-01",
      default_policy: {
        grace_days: 5,
        initial_fee: { kind: "flat", amount_cents: 5_000 },
        daily_accrual_cents: 0,
      },
      property_policies: {
        p2: {
          grace_days: 3,
          initial_fee: { kind: "percent", basis_points: 500 },
          max_per_lease_cents: 6_000,
        },
      },
    });
    assert.equal(late?.version, 3, "the configuration means what it meant: its version is kept");
    assert.deepEqual((await repo.getConfig("org-1", "rent_invoice_generation"))?.options, rent);
  } finally {
    await database.close();
  }
});
