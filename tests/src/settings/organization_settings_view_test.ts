import assert from "node:assert/strict";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { organizationSettingsOf } from "../../../src/settings/organization_settings_view.ts";

Deno.test("organizationSettingsOf carries the sync settings into the mappers' organization settings", () => {
  const settings = SyncSettingsSchema.parse({
    conflict_resolution: "quickbooks_wins",
    property_tracking: "location",
    unit_tracking: "sub_class",
    deposit_to: "bank",
    display_name_template: "{last_name}, {first_name}",
  });
  assert.deepEqual(organizationSettingsOf("org-1", settings), {
    organization_id: "org-1",
    property_tracking: "location",
    unit_tracking: "sub_class",
    deposit_to: "bank",
    conflict_policy: "quickbooks_wins",
    currency: "USD",
    display_name_template: "{last_name}, {first_name}",
  });
});
