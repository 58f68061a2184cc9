import type { RatePolicies } from "../access/rate_limits.ts";

/** An organization's own rate policies as stored. */
export interface StoredRatePolicies {
  readonly policies: RatePolicies;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Persistence of each organization's rate policies (absent: the service's defaults apply). */
export interface RateLimitSettingsRepository {
  get(orgId: string): Promise<StoredRatePolicies | null>;
  /** Replaces the organization's policies, bumping the version (1 for the first). */
  put(
    orgId: string,
    policies: RatePolicies,
    change: { readonly at: string; readonly by: string },
  ): Promise<StoredRatePolicies>;
}
