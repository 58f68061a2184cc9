/**
 * Composition of access for people and machines (issue 15): stored user grants narrowing tokens,
 * API keys (HMAC digests under the configured pepper), their routes under /enterprise, and what
 * the HTTP adapter's authentication needs from them.
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import type { Authentication } from "../../adapters/http/auth.ts";
import { registerApiKeyRoutes } from "../../adapters/http/routes/enterprise_api_keys.ts";
import { registerUserAccessRoutes } from "../../adapters/http/routes/enterprise_access.ts";
import { registerRateLimitRoutes } from "../../adapters/http/routes/enterprise_rate_limits.ts";
import type { RateLimiting } from "../../adapters/http/rate_limit.ts";
import { SqlRateCounters } from "../../adapters/persistence/repositories/rate_counter_repository.ts";
import { SqlRateLimitSettingsRepository } from "../../adapters/persistence/repositories/rate_limit_settings_repository.ts";
import { asyncCallAttribution } from "../../adapters/system/async_call_attribution.ts";
import type { CallAttribution } from "../../domain/ports/call_attribution.ts";
import type { RateBudget } from "../../domain/ports/rate_budget.ts";
import { hmacApiKeySecrets } from "../../adapters/crypto/hmac_api_key_secrets.ts";
import { ipAddresses } from "../../adapters/http/ip_addresses.ts";
import type { Database } from "../../adapters/persistence/database.ts";
import { SqlApiKeyRepository } from "../../adapters/persistence/repositories/api_key_repository.ts";
import { SqlUserGrantRepository } from "../../adapters/persistence/repositories/user_grant_repository.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Ids } from "../../domain/ports/ids.ts";
import type { Config } from "../config.ts";
import { createApiKey, getApiKey, listApiKeys, revokeApiKey, rotateApiKey } from "../access/api_keys.ts";
import { authenticateApiKey } from "../access/authenticate_api_key.ts";
import {
  admitCall,
  admitFailedAuthentication,
  apiKeyUsage,
  countingKeyUsage,
  getRatePolicies,
  putRatePolicies,
} from "../access/rate_limits.ts";
import {
  applyStoredGrant,
  deleteUserAccess,
  getUserAccess,
  listUserAccess,
  putUserAccess,
} from "../access/user_access.ts";

export interface AccessWiring {
  readonly credentials: Pick<Authentication, "narrowCaller" | "authenticateApiKey">;
  /** Consumer rate limits (absent when RATE_LIMITING=false). */
  readonly rateLimiting: RateLimiting | undefined;
  readonly attribution: CallAttribution;
  /** Counts each QuickBooks call made for an API key's request against the key. */
  meterBudget(budget: RateBudget): RateBudget;
  /** The worker's periodic job: drop rate counters past their keeping. */
  purgeRateCounters(): Promise<{ readonly purged: number }>;
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
}

export async function wireAccess(deps: {
  readonly config: Config;
  readonly database: Database;
  readonly clock: Clock;
  readonly ids: Ids;
  readonly audit: AuditTrail;
  readonly atomically: Atomically;
}): Promise<AccessWiring> {
  const { clock, ids, audit, atomically } = deps;
  const grants = new SqlUserGrantRepository(deps.database);
  const keys = new SqlApiKeyRepository(deps.database);
  const secrets = await hmacApiKeySecrets(deps.config.apiKeys);
  const grantDeps = { grants, clock, audit, atomically };
  const defaults = deps.config.rateLimits.defaults;
  const keyDeps = {
    keys,
    secrets,
    clock,
    ids,
    audit,
    atomically,
    rateCeilings: defaults,
    addresses: ipAddresses,
  };
  const counters = new SqlRateCounters(deps.database);
  const rateSettings = new SqlRateLimitSettingsRepository(deps.database);
  const rateDeps = { counters, settings: rateSettings, keys, clock, audit, atomically, defaults };
  const attribution = asyncCallAttribution();
  const now = () => clock.now();
  return {
    credentials: {
      narrowCaller: (caller) => applyStoredGrant(grantDeps, caller),
      authenticateApiKey: (key, clientAddress, requestId) =>
        authenticateApiKey(keyDeps, key, clientAddress, requestId),
    },
    rateLimiting: deps.config.rateLimits.enabled
      ? {
        admit: (caller) => admitCall(rateDeps, caller),
        admitFailedAuthentication: (address) =>
          admitFailedAuthentication(rateDeps, deps.config.rateLimits.failedAuthentication, address),
      }
      : undefined,
    attribution,
    meterBudget: (budget) => countingKeyUsage(budget, { counters, attribution, clock }),
    purgeRateCounters: async () => ({
      purged: await counters.purge(Math.floor(clock.now().getTime() / 1000)),
    }),
    routeModules: [
      (api) =>
        registerUserAccessRoutes(api, {
          listUserAccess: (caller, page) => listUserAccess(grantDeps, caller, page),
          getUserAccess: (caller, userId) => getUserAccess(grantDeps, caller, userId),
          putUserAccess: (caller, userId, terms, requestId) =>
            putUserAccess(grantDeps, caller, userId, terms, requestId),
          deleteUserAccess: (caller, userId, requestId) =>
            deleteUserAccess(grantDeps, caller, userId, requestId),
        }, now),
      (api) =>
        registerApiKeyRoutes(api, {
          createApiKey: (caller, request, requestId) => createApiKey(keyDeps, caller, request, requestId),
          listApiKeys: (caller, requestId) => listApiKeys(keyDeps, caller, requestId),
          getApiKey: (caller, id, requestId) => getApiKey(keyDeps, caller, id, requestId),
          rotateApiKey: (caller, id, overlap, requestId) =>
            rotateApiKey(keyDeps, caller, id, overlap, requestId),
          revokeApiKey: (caller, id, requestId) => revokeApiKey(keyDeps, caller, id, requestId),
        }, now),
      (api) =>
        registerRateLimitRoutes(api, {
          getRatePolicies: (caller) => getRatePolicies(rateDeps, caller),
          putRatePolicies: (caller, policies, requestId) =>
            putRatePolicies(rateDeps, caller, policies, requestId),
          apiKeyUsage: (caller, keyId, days) => apiKeyUsage(rateDeps, caller, keyId, days),
        }, now),
    ],
  };
}
