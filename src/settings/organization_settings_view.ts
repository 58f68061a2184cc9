import {
  type OrganizationSettings,
  OrganizationSettingsSchema,
} from "../../domain/model/estatecore/organization_settings.ts";
import type { SyncSettings } from "../../domain/ports/sync_settings_repository.ts";

/**
 * The domain's organization settings (what the mappers read) derived from the stored sync settings,
 * so the sync engine and the API never disagree: `conflict_resolution` is the domain's `conflict_policy`.
 *
 * @example
 * ```ts
 * organizationSettingsOf("org_1", SyncSettingsSchema.parse({})).conflict_policy; // "manual"
 * ```
 */
export function organizationSettingsOf(orgId: string, settings: SyncSettings): OrganizationSettings {
  return OrganizationSettingsSchema.parse({
    organization_id: orgId,
    property_tracking: settings.property_tracking,
    unit_tracking: settings.unit_tracking,
    deposit_to: settings.deposit_to,
    conflict_policy: settings.conflict_resolution,
    currency: settings.currency,
    display_name_template: settings.display_name_template,
  });
}
