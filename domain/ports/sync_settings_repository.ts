import { z } from "zod";
import { TENANT_PLACEHOLDERS, unknownPlaceholders } from "../mapping/text_template.ts";
import {
  ConflictPolicySchema,
  DepositToSchema,
  PropertyTrackingSchema,
  UnitTrackingSchema,
} from "../model/estatecore/organization_settings.ts";
import { CalendarDateSchema } from "../shared/calendar_date.ts";
import { CurrencySchema } from "../shared/money.ts";
import { MIRROR_RECORD_TYPES } from "./record_mirror.ts";
import { defaultPropertyTracking, type TrackingSupport } from "../mapping/tracking_support.ts";

const DEFAULT_DISPLAY_NAME_TEMPLATE = "{first_name} {last_name}";

/** Each setting's own rule, shared by the full settings and by a partial update. */
const SETTING_FIELDS = {
  auto_sync_enabled: z.boolean(),
  sync_interval_minutes: z.number().int().min(5).max(1440),
  conflict_resolution: ConflictPolicySchema,
  batch_size: z.number().int().min(1).max(30),
  property_tracking: PropertyTrackingSchema,
  unit_tracking: UnitTrackingSchema,
  deposit_to: DepositToSchema,
  currency: CurrencySchema,
  display_name_template: z.string().min(1).max(200)
    .refine((t) => unknownPlaceholders(t, TENANT_PLACEHOLDERS).length === 0, {
      message: `unknown placeholder; allowed: ${TENANT_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
    }),
  /** Records dated before this day are not pushed (null: everything). */
  sync_start_date: CalendarDateSchema.nullable(),
  /** Which record types sync; the others are mirrored but never pushed. */
  record_types: z.array(z.enum(MIRROR_RECORD_TYPES)).min(1)
    .refine((types) => new Set(types).size === types.length, { message: "record types must not repeat" }),
};

/**
 * An organization's settings, the one model the API shows (`SyncSettings` in the OpenAPI
 * document), the store keeps and the sync engine reads: when and how records sync
 * (`conflict_resolution` is the pull's conflict policy), and how records are mapped (tracking,
 * deposit target, currency, `display_name_template` naming tenants in QBO). `batch_size` is capped
 * at 30 because that is the most a QuickBooks batch call accepts.
 *
 * @example
 * ```ts
 * SyncSettingsSchema.parse({}).sync_interval_minutes; // 60
 * ```
 */
export const SyncSettingsSchema = z.object({
  auto_sync_enabled: SETTING_FIELDS.auto_sync_enabled.default(false),
  sync_interval_minutes: SETTING_FIELDS.sync_interval_minutes.default(60),
  conflict_resolution: SETTING_FIELDS.conflict_resolution.default("manual"),
  batch_size: SETTING_FIELDS.batch_size.default(30),
  property_tracking: SETTING_FIELDS.property_tracking.default("class"),
  unit_tracking: SETTING_FIELDS.unit_tracking.default("description"),
  deposit_to: SETTING_FIELDS.deposit_to.default("undeposited_funds"),
  currency: SETTING_FIELDS.currency.default("USD"),
  display_name_template: SETTING_FIELDS.display_name_template.default(DEFAULT_DISPLAY_NAME_TEMPLATE),
  sync_start_date: SETTING_FIELDS.sync_start_date.default(null),
  record_types: SETTING_FIELDS.record_types.default([...MIRROR_RECORD_TYPES]),
});
export type SyncSettings = z.infer<typeof SyncSettingsSchema>;

/**
 * The settings of an organization that has saved none: every setting's default.
 *
 * @example
 * ```ts
 * defaultSyncSettings().conflict_resolution; // "manual"
 * ```
 */
export function defaultSyncSettings(): SyncSettings {
  return SyncSettingsSchema.parse({});
}

/**
 * A change to some settings: only the fields sent, no defaults filled in, unknown fields rejected
 * (a misspelt setting must not be silently ignored).
 *
 * @example
 * ```ts
 * SyncSettingsChangesSchema.parse({ batch_size: 10 }); // { batch_size: 10 }
 * ```
 */
export const SyncSettingsChangesSchema = z.strictObject({
  auto_sync_enabled: SETTING_FIELDS.auto_sync_enabled.optional(),
  sync_interval_minutes: SETTING_FIELDS.sync_interval_minutes.optional(),
  conflict_resolution: SETTING_FIELDS.conflict_resolution.optional(),
  batch_size: SETTING_FIELDS.batch_size.optional(),
  property_tracking: SETTING_FIELDS.property_tracking.optional(),
  unit_tracking: SETTING_FIELDS.unit_tracking.optional(),
  deposit_to: SETTING_FIELDS.deposit_to.optional(),
  currency: SETTING_FIELDS.currency.optional(),
  display_name_template: SETTING_FIELDS.display_name_template.optional(),
  sync_start_date: SETTING_FIELDS.sync_start_date.optional(),
  record_types: SETTING_FIELDS.record_types.optional(),
});
export type SyncSettingsChanges = z.infer<typeof SyncSettingsChangesSchema>;

/** The name of one setting. */
export type SyncSettingName = keyof SyncSettings;

/** Every setting's name, in the schema's order. */
export const SYNC_SETTING_NAMES = Object.keys(SyncSettingsSchema.shape) as readonly SyncSettingName[];

/** Stored settings with what they were checked against. */
export interface StoredSyncSettings {
  /** Every setting: those the organization chose, the defaults for the rest. */
  readonly settings: SyncSettings;
  /**
   * The settings the organization set itself; the others follow their defaults, which can depend
   * on the QuickBooks company (`property_tracking`, see `settingsFor`).
   */
  readonly chosen: readonly SyncSettingName[];
  /** False when no QuickBooks company was connected to check tracking support against. */
  readonly validatedAgainstCompany: boolean;
  /** The realm the settings were validated against, if any. */
  readonly realmId: string | null;
  readonly version: number;
  readonly updatedAt: string;
}

/** Persistence of sync settings, one row per organization. */
export interface SyncSettingsRepository {
  get(orgId: string): Promise<StoredSyncSettings | null>;
  save(
    orgId: string,
    value: Omit<StoredSyncSettings, "version" | "updatedAt">,
    now: string,
  ): Promise<StoredSyncSettings>;
}

/**
 * The settings that apply with a company: those the organization chose, and for the others their
 * defaults, where `property_tracking`'s default is one the company supports (Class, else Location,
 * else a parent Customer; Class while no company is known).
 *
 * @example
 * ```ts
 * settingsFor(null, { classTracking: false, locationTracking: false, companyName: "Maple" })
 *   .property_tracking; // "parent_customer"
 * ```
 */
export function settingsFor(stored: StoredSyncSettings | null, support: TrackingSupport | null): SyncSettings {
  const settings = stored?.settings ?? defaultSyncSettings();
  if (stored?.chosen.includes("property_tracking")) return settings;
  return { ...settings, property_tracking: defaultPropertyTracking(support) };
}

/**
 * The settings that apply to an organization with a company (or with none known): those it saved,
 * or the defaults while it has saved none. Every reader of the settings goes through here, so none
 * decides the defaults on its own.
 *
 * @example
 * ```ts
 * (await syncSettingsOf(settingsRepository, "org_1")).batch_size; // 30 until the org saves another
 * ```
 */
export async function syncSettingsOf(
  repository: Pick<SyncSettingsRepository, "get">,
  orgId: string,
  support: TrackingSupport | null = null,
): Promise<SyncSettings> {
  return settingsFor(await repository.get(orgId), support);
}
