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

/**
 * An organization's sync settings: when and how records sync, plus the organization settings of the
 * mapping (tracking, deposit target, display names). `batch_size` is capped at 30 because that is
 * the most a QuickBooks batch call accepts.
 *
 * @example
 * ```ts
 * SyncSettingsSchema.parse({}).sync_interval_minutes; // 60
 * ```
 */
export const SyncSettingsSchema = z.object({
  auto_sync_enabled: z.boolean().default(false),
  sync_interval_minutes: z.number().int().min(5).max(1440).default(60),
  conflict_resolution: ConflictPolicySchema.default("manual"),
  batch_size: z.number().int().min(1).max(30).default(30),
  property_tracking: PropertyTrackingSchema.default("class"),
  unit_tracking: UnitTrackingSchema.default("description"),
  deposit_to: DepositToSchema.default("undeposited_funds"),
  currency: CurrencySchema.default("USD"),
  display_name_template: z.string().min(1).max(200).default("{first_name} {last_name}")
    .refine((t) => unknownPlaceholders(t, TENANT_PLACEHOLDERS).length === 0, {
      message: `unknown placeholder; allowed: ${TENANT_PLACEHOLDERS.map((p) => `{${p}}`).join(", ")}`,
    }),
  /** Records dated before this day are not pushed (null: everything). */
  sync_start_date: CalendarDateSchema.nullable().default(null),
  /** Which record types sync; the others are mirrored but never pushed. */
  record_types: z.array(z.enum(MIRROR_RECORD_TYPES)).min(1)
    .refine((types) => new Set(types).size === types.length, { message: "record types must not repeat" })
    .default([...MIRROR_RECORD_TYPES]),
});
export type SyncSettings = z.infer<typeof SyncSettingsSchema>;

/** Stored settings with what they were checked against. */
export interface StoredSyncSettings {
  readonly settings: SyncSettings;
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
