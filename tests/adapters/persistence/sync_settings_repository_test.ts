import assert from "node:assert/strict";
import { SqlSyncSettingsRepository } from "../../../adapters/persistence/repositories/sync_settings_repository.ts";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { contractSuite } from "../../support/databases.ts";

const T1 = "2026-05-01T12:00:00.000Z";
const T2 = "2026-05-01T13:00:00.000Z";

contractSuite("SqlSyncSettingsRepository contract", async (t, database) => {
  const repo = new SqlSyncSettingsRepository(database);

  await t.step("get is null before anything was saved", async () => {
    assert.equal(await repo.get("org-a"), null);
  });

  await t.step(
    "save stores settings with what they were validated against; saving again bumps the version",
    async () => {
      const settings = SyncSettingsSchema.parse({ auto_sync_enabled: true, property_tracking: "location" });
      const chosen = ["auto_sync_enabled", "property_tracking"] as const;
      const first = await repo.save(
        "org-a",
        { settings, chosen, validatedAgainstCompany: true, realmId: "111" },
        T1,
      );
      assert.equal(first.version, 1);
      assert.equal(first.updatedAt, T1);
      assert.equal(first.validatedAgainstCompany, true);
      assert.equal(first.realmId, "111");
      assert.deepEqual(first.settings, settings);
      assert.deepEqual(first.chosen, chosen);
      const second = await repo.save(
        "org-a",
        {
          settings: { ...settings, batch_size: 10 },
          chosen: [...chosen, "batch_size"],
          validatedAgainstCompany: false,
          realmId: null,
        },
        T2,
      );
      assert.equal(second.version, 2);
      assert.equal(second.settings.batch_size, 10);
      assert.equal(second.validatedAgainstCompany, false);
      assert.equal(second.realmId, null);
    },
  );

  await t.step("only the chosen settings are kept; the others come back as defaults", async () => {
    const settings = SyncSettingsSchema.parse({ batch_size: 12, property_tracking: "location" });
    const saved = await repo.save(
      "org-d",
      { settings, chosen: ["batch_size"], validatedAgainstCompany: false, realmId: null },
      T1,
    );
    assert.deepEqual(saved.chosen, ["batch_size"]);
    assert.equal(saved.settings.batch_size, 12);
    assert.equal(
      saved.settings.property_tracking,
      "class",
      "not chosen: the schema's default, not the value passed",
    );
    const row = await database.db.selectFrom("sync_settings").select("settings").where("org_id", "=", "org-d")
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(row.settings), { batch_size: 12 });
  });

  await t.step("another organization never sees org A's settings", async () => {
    assert.equal(await repo.get("org-b"), null);
  });

  await t.step(
    "a row stored by an earlier version loads: its values kept, later settings defaulted",
    async () => {
      // The stored shape has always been the API's (conflict_resolution, display_name_template); a row
      // may lack settings added since and hold a member this version does not know (ignored).
      const stored = {
        auto_sync_enabled: true,
        sync_interval_minutes: 15,
        conflict_resolution: "quickbooks_wins",
        batch_size: 20,
        property_tracking: "location",
        unit_tracking: "none",
        deposit_to: "bank",
        display_name_template: "{last_name}, {first_name}",
        retired_setting: "x",
      };
      await database.db.insertInto("sync_settings").values({
        org_id: "org-c",
        settings: JSON.stringify(stored),
        validated_against_company: 1,
        realm_id: "333",
        version: 4,
        updated_at: T1,
      }).execute();
      const { retired_setting: _, ...kept } = stored;
      const loaded = await repo.get("org-c");
      assert.deepEqual(loaded?.settings, { ...SyncSettingsSchema.parse({}), ...kept });
      assert.deepEqual([loaded?.version, loaded?.realmId, loaded?.validatedAgainstCompany], [4, "333", true]);
      assert.ok(loaded?.chosen.includes("property_tracking"), "a row holding a field chose it");
      assert.ok(!loaded?.chosen.includes("currency"), "a field the row lacks was not chosen");
    },
  );
});
