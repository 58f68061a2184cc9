import { requireAuthorized } from "../../domain/access/authorize.ts";
import { actorOf, type Caller } from "../../domain/access/caller.ts";
import {
  type ApiKeyUsage,
  DAY_SECONDS,
  decideRate,
  failedAuthenticationWindows,
  type RateDecision,
  type RatePolicies,
  type RatePoliciesView,
  type RatePolicy,
  rateSubjects,
  rateWindowsOf,
  type RateWindowState,
  windowStartOf,
  withinCeiling,
} from "../../domain/access/rate_limits.ts";
import type { Atomically } from "../../domain/ports/unit_of_work.ts";
import type { AuditTrail } from "../../domain/audit/audit_trail.ts";
import { DomainError } from "../../domain/errors.ts";
import type { ApiKeyRepository } from "../../domain/ports/api_key_repository.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { CounterWindow, RateCounters } from "../../domain/ports/rate_counters.ts";
import type { RateBudget } from "../../domain/ports/rate_budget.ts";
import type { CallAttribution } from "../../domain/ports/call_attribution.ts";
import type { RateLimitSettingsRepository } from "../../domain/ports/rate_limit_settings_repository.ts";

export interface RateLimitDependencies {
  readonly counters: RateCounters;
  readonly settings: RateLimitSettingsRepository;
  readonly keys: Pick<ApiKeyRepository, "get">;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Each change and its audit entry commit together. */
  readonly atomically: Atomically;
  /** The service's policies: what applies when an organization set none, and the most it may set. */
  readonly defaults: RatePolicies;
}

/** Daily counters are kept this long, for the usage history. */
const DAILY_HISTORY_DAYS = 31;

/** How long a counter is kept: its window, or a month for a daily one. */
const keepUntil = (w: CounterWindow) =>
  w.windowStart + (w.windowSeconds === DAY_SECONDS ? DAILY_HISTORY_DAYS * DAY_SECONDS : w.windowSeconds + 60);

/** The policies that apply to an organization: its own, or the service's. */
export async function policiesOf(deps: Pick<RateLimitDependencies, "settings" | "defaults">, orgId: string) {
  return (await deps.settings.get(orgId))?.policies ?? deps.defaults;
}

/**
 * Counts one call of `caller` in every window that applies (the organization's, and the key's with
 * its daily quota or the user's, each with its burst) and decides it. A key whose daily QuickBooks
 * quota is spent is refused too (`daily_quickbooks`), without counting. The counters live in the
 * database: the decision holds across every instance of the service.
 */
export async function admitCall(deps: RateLimitDependencies, caller: Caller): Promise<RateDecision> {
  const atMs = deps.clock.now().getTime();
  const policies = await policiesOf(deps, caller.orgId);
  const key = caller.apiKeyId === undefined ? null : await deps.keys.get(caller.orgId, caller.apiKeyId);
  const windows = rateWindowsOf(caller, policies, key);
  const counts = await deps.counters.add(
    windows.map((w) => ({
      subject: w.subject,
      windowSeconds: w.windowSeconds,
      windowStart: windowStartOf(atMs, w.windowSeconds),
    })),
    keepUntil,
  );
  const decision = decideRate(windows, counts, atMs);
  if (key?.dailyQuickBooksQuota == null) return decision;
  const day = windowStartOf(atMs, DAY_SECONDS);
  const subject = rateSubjects.keyQuickBooksCalls(key.id);
  const used = (await deps.counters.counts(subject, DAY_SECONDS, day))[0]?.count ?? 0;
  const quickbooks: RateWindowState = {
    name: "daily_quickbooks",
    subject,
    limit: key.dailyQuickBooksQuota,
    windowSeconds: DAY_SECONDS,
    remaining: Math.max(0, key.dailyQuickBooksQuota - used),
    resetSeconds: Math.max(1, Math.ceil(day + DAY_SECONDS - atMs / 1000)),
  };
  const spent = used >= key.dailyQuickBooksQuota;
  return {
    allowed: decision.allowed && !spent,
    windows: [...decision.windows, quickbooks],
    refusedBy: decision.refusedBy ?? (spent ? quickbooks : null),
  };
}

/**
 * Counts one failed authentication from `address` (null: unknown) and decides whether it is still
 * answered as such (401) or, past the policy, as RATE_LIMITED: a flood of bad credentials from one
 * address is slowed down instead of answered at full speed.
 */
export async function admitFailedAuthentication(
  deps: Pick<RateLimitDependencies, "counters" | "clock">,
  policy: RatePolicy,
  address: string | null,
): Promise<RateDecision> {
  const atMs = deps.clock.now().getTime();
  const windows = failedAuthenticationWindows(address, policy);
  const counts = await deps.counters.add(
    windows.map((w) => ({
      subject: w.subject,
      windowSeconds: w.windowSeconds,
      windowStart: windowStartOf(atMs, w.windowSeconds),
    })),
    keepUntil,
  );
  return decideRate(windows, counts, atMs);
}

/**
 * The rate budget of QuickBooks calls, counting each call granted while an API key's request is
 * served against that key's daily QuickBooks usage (`GET /enterprise/api-keys/{id}/usage`).
 * Calls of background jobs are nobody's.
 */
export function countingKeyUsage(
  budget: RateBudget,
  deps: { readonly counters: RateCounters; readonly attribution: CallAttribution; readonly clock: Clock },
): RateBudget {
  return {
    async tryAcquire(realmId, kind, now) {
      const decision = await budget.tryAcquire(realmId, kind, now);
      const keyId = deps.attribution.current();
      if (decision.granted && keyId !== null) {
        const windowStart = windowStartOf(deps.clock.now().getTime(), DAY_SECONDS);
        await deps.counters.add(
          [{ subject: rateSubjects.keyQuickBooksCalls(keyId), windowSeconds: DAY_SECONDS, windowStart }],
          keepUntil,
        );
      }
      return decision;
    },
    release: (realmId, permitId, now) => budget.release(realmId, permitId, now),
  };
}

/** The usage of one of the organization's keys over the last `days` UTC days (today included). */
export async function apiKeyUsage(
  deps: Pick<RateLimitDependencies, "counters" | "keys" | "clock">,
  caller: Caller,
  keyId: string,
  days: number,
): Promise<ApiKeyUsage> {
  requireAuthorized(caller, "api_keys:manage");
  const key = await deps.keys.get(caller.orgId, keyId);
  if (key === null) throw new DomainError("NOT_FOUND", `No API key ${keyId}`, { key_id: keyId });
  const today = windowStartOf(deps.clock.now().getTime(), DAY_SECONDS);
  const from = today - (days - 1) * DAY_SECONDS;
  const [calls, quickbooks] = await Promise.all([
    deps.counters.counts(rateSubjects.keyCalls(keyId), DAY_SECONDS, from),
    deps.counters.counts(rateSubjects.keyQuickBooksCalls(keyId), DAY_SECONDS, from),
  ]);
  const on = (list: { windowStart: number; count: number }[], day: number) =>
    list.find((c) => c.windowStart === day)?.count ?? 0;
  const date = (day: number) => new Date(day * 1000).toISOString().slice(0, 10);
  const usage = (used: number, quota: number | null) => ({
    used,
    quota,
    remaining: quota === null ? null : Math.max(0, quota - used),
  });
  return {
    keyId,
    date: date(today),
    resetsAt: new Date((today + DAY_SECONDS) * 1000).toISOString(),
    calls: usage(on(calls, today), key.dailyCallQuota),
    quickbooksCalls: usage(on(quickbooks, today), key.dailyQuickBooksQuota),
    history: Array.from({ length: days }, (_, i) => today - i * DAY_SECONDS).map((day) => ({
      date: date(day),
      calls: on(calls, day),
      quickbooksCalls: on(quickbooks, day),
    })),
  };
}

export async function getRatePolicies(
  deps: Pick<RateLimitDependencies, "settings" | "defaults">,
  caller: Caller,
): Promise<RatePoliciesView> {
  requireAuthorized(caller, "settings:read");
  const stored = await deps.settings.get(caller.orgId);
  return {
    policies: stored?.policies ?? deps.defaults,
    ceilings: deps.defaults,
    configured: stored !== null,
    version: stored?.version ?? 0,
    updatedAt: stored?.updatedAt ?? null,
  };
}

/**
 * Sets the organization's policies (the whole set), each within the service's (VALIDATION_FAILED
 * naming the policy otherwise), and audits the change.
 */
export async function putRatePolicies(
  deps: Pick<RateLimitDependencies, "settings" | "defaults" | "clock" | "audit" | "atomically">,
  caller: Caller,
  policies: RatePolicies,
  requestId: string | null,
): Promise<RatePoliciesView> {
  requireAuthorized(caller, "settings:write");
  const fields = [["organization", "organization"], ["perUser", "per_user"], ["perKey", "per_key"]] as const;
  const issues = fields.filter(([name]) => !withinCeiling(policies[name], deps.defaults[name])).map((
    [name, field],
  ) => ({
    path: `json.${field}`,
    message:
      `must stay within the service's ${deps.defaults[name].limit} per ${
        deps.defaults[name].window_seconds
      } s, ` +
      `burst ${deps.defaults[name].burst}`,
    code: "too_big",
  }));
  if (issues.length > 0) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      {
        issues,
      },
    );
  }
  const now = deps.clock.now().toISOString();
  const saved = await deps.atomically(async () => {
    const before = await deps.settings.get(caller.orgId);
    const saved = await deps.settings.put(caller.orgId, policies, { at: now, by: actorOf(caller) });
    await deps.audit({
      orgId: caller.orgId,
      at: now,
      actor: actorOf(caller),
      action: "settings.rate_limits_updated",
      target: "settings:rate_limits",
      details: {
        version: saved.version,
        organization: policies.organization,
        per_user: policies.perUser,
        per_key: policies.perKey,
        previous: before === null ? null : {
          organization: before.policies.organization,
          per_user: before.policies.perUser,
          per_key: before.policies.perKey,
        },
      },
      requestId,
    });
    return saved;
  });
  return {
    policies: saved.policies,
    ceilings: deps.defaults,
    configured: true,
    version: saved.version,
    updatedAt: saved.updatedAt,
  };
}
