import type { Kysely } from "kysely";
import type { SqlDialect } from "../database.ts";
import * as m001 from "./001_initial.ts";
import * as m002 from "./002_quickbooks_connection_flow.ts";
import * as m010 from "./010_record_mirror.ts";
import * as m011 from "./011_mappings_settings.ts";
import * as m012 from "./012_jobs_links.ts";
import * as m013 from "./013_pull.ts";
import * as m014 from "./014_sync_history.ts";
import * as m015 from "./015_automation.ts";
import * as m016 from "./016_reconciliation.ts";
import * as m017 from "./017_job_status_width.ts";
import * as m018 from "./018_oauth_return_url.ts";
import * as m019 from "./019_reference_lists.ts";
import * as m020 from "./020_workflow_options_snake_case.ts";
import * as m021 from "./021_job_interruptions.ts";
import * as m022 from "./022_mapping_rules.ts";
import * as m030 from "./030_audit_checkpoints.ts";
import * as m031 from "./031_audit_retention.ts";
import * as m032 from "./032_user_access_grants.ts";
import * as m033 from "./033_api_keys.ts";
import * as m034 from "./034_rate_limits.ts";
import * as m035 from "./035_audit_heads.ts";
import * as m036 from "./036_integration_health.ts";
import * as m037 from "./037_outbound_events.ts";
import * as m038 from "./038_webhook_deliveries.ts";

/** A forward-only schema change; written once with Kysely's schema builder for both dialects. */
export interface SchemaMigration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void>;
}

/** Every migration, in order. Append new ones at the end; never edit or reorder applied ones. */
export const MIGRATIONS: readonly SchemaMigration[] = [
  { name: "001_initial", up: m001.up },
  { name: "002_quickbooks_connection_flow", up: m002.up },
  { name: "010_record_mirror", up: m010.up },
  { name: "011_mappings_settings", up: m011.up },
  { name: "012_jobs_links", up: m012.up },
  { name: "013_pull", up: m013.up },
  { name: "014_sync_history", up: m014.up },
  { name: "015_automation", up: m015.up },
  { name: "016_reconciliation", up: m016.up },
  { name: "017_job_status_width", up: m017.up },
  { name: "018_oauth_return_url", up: m018.up },
  { name: "019_reference_lists", up: m019.up },
  { name: "020_workflow_options_snake_case", up: m020.up },
  { name: "021_job_interruptions", up: m021.up },
  { name: "022_mapping_rules", up: m022.up },
  { name: "030_audit_checkpoints", up: m030.up },
  { name: "031_audit_retention", up: m031.up },
  { name: "032_user_access_grants", up: m032.up },
  { name: "033_api_keys", up: m033.up },
  { name: "034_rate_limits", up: m034.up },
  { name: "035_audit_heads", up: m035.up },
  { name: "036_integration_health", up: m036.up },
  { name: "037_outbound_events", up: m037.up },
  { name: "038_webhook_deliveries", up: m038.up },
];
