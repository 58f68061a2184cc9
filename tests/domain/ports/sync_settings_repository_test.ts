import assert from "node:assert/strict";
import {
  defaultSyncSettings,
  settingsFor,
  type StoredSyncSettings,
  syncSettingsOf,
  SyncSettingsSchema,
} from "../../../domain/ports/sync_settings_repository.ts";

Deno.test("SyncSettingsSchema applies the documented defaults", () => {
  const s = SyncSettingsSchema.parse({});
  assert.equal(s.property_tracking, "class");
  assert.equal(s.unit_tracking, "description");
  assert.equal(s.deposit_to, "undeposited_funds");
  assert.equal(s.conflict_resolution, "manual");
  assert.equal(s.currency, "USD");
  assert.equal(s.display_name_template, "{first_name} {last_name}");
  assert.deepEqual(defaultSyncSettings(), s);
});

Deno.test("SyncSettingsSchema rejects an unknown tracking mode and a display name template's unknown placeholder", () => {
  assert.equal(SyncSettingsSchema.safeParse({ property_tracking: "tag" }).success, false);
  for (const display_name_template of ["{first_name} {unit}", "{first_name} {lease_id}"]) {
    const parsed = SyncSettingsSchema.safeParse({ display_name_template });
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error?.issues.map((i) => i.path.join(".")), ["display_name_template"]);
  }
  assert.equal(
    SyncSettingsSchema.parse({ display_name_template: "{first_name} {last_name} - {property_name}" })
      .display_name_template,
    "{first_name} {last_name} - {property_name}",
  );
});

Deno.test("syncSettingsOf: the organization's saved settings, the defaults while it has saved none", async () => {
  const saved: StoredSyncSettings = {
    settings: SyncSettingsSchema.parse({ batch_size: 10, conflict_resolution: "quickbooks_wins" }),
    chosen: ["batch_size", "conflict_resolution"],
    validatedAgainstCompany: true,
    realmId: "111",
    version: 3,
    updatedAt: "2026-05-01T12:00:00.000Z",
  };
  const repository = { get: (orgId: string) => Promise.resolve(orgId === "org-a" ? saved : null) };
  assert.deepEqual(await syncSettingsOf(repository, "org-a"), saved.settings);
  assert.deepEqual(await syncSettingsOf(repository, "org-b"), defaultSyncSettings());
});

Deno.test("defaultSyncSettings: a fresh value each time, so no caller can change another's defaults", () => {
  const first = defaultSyncSettings();
  first.record_types.pop();
  assert.equal(defaultSyncSettings().record_types.length, first.record_types.length + 1);
});

Deno.test("settingsFor: property_tracking not chosen follows the company; chosen stays as chosen", () => {
  const company = (classTracking: boolean, locationTracking: boolean) => ({
    classTracking,
    locationTracking,
    companyName: "Maple",
  });
  assert.equal(settingsFor(null, null).property_tracking, "class", "no company known yet");
  assert.equal(settingsFor(null, company(true, true)).property_tracking, "class");
  assert.equal(settingsFor(null, company(false, true)).property_tracking, "location");
  assert.equal(settingsFor(null, company(false, false)).property_tracking, "parent_customer");
  const stored: StoredSyncSettings = {
    settings: SyncSettingsSchema.parse({ property_tracking: "class", batch_size: 7 }),
    chosen: ["batch_size"],
    validatedAgainstCompany: false,
    realmId: null,
    version: 1,
    updatedAt: "2026-05-01T12:00:00.000Z",
  };
  assert.deepEqual(settingsFor(stored, company(false, false)), {
    ...stored.settings,
    property_tracking: "parent_customer",
  });
  const chosen = { ...stored, chosen: ["batch_size", "property_tracking"] as const };
  assert.equal(
    settingsFor(chosen, company(false, false)).property_tracking,
    "class",
    "a chosen tracking is never switched; the push reports it instead",
  );
});
