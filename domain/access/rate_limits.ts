import { z } from "zod";
import type { Caller } from "./caller.ts";

/**
 * Consumer rate limits: how many calls a subject (an organization, one of its users, one API key)
 * may make per window, plus a burst limit per second, and an API key's daily quota. Counted in
 * fixed windows shared by every instance of the service (the RateCounters port); a call counts in
 * every window that applies to it, and is refused when any of them is over its limit.
 */
export const RatePolicySchema = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000),
  window_seconds: z.number().int().min(1).max(86_400),
  /** Calls per second, on top of the window's limit. */
  burst: z.number().int().min(1).max(100_000),
});
export type RatePolicy = z.infer<typeof RatePolicySchema>;

/** The policies of an organization: for the organization as a whole, for each user, for each key. */
export interface RatePolicies {
  readonly organization: RatePolicy;
  readonly perUser: RatePolicy;
  readonly perKey: RatePolicy;
}

/** An API key's own terms: a policy of its own (else the organization's per-key one) and quotas per UTC day. */
export interface KeyRateTerms {
  readonly rateLimit: RatePolicy | null;
  readonly dailyCallQuota: number | null;
  readonly dailyQuickBooksQuota: number | null;
}

/** One window a call counts in. */
export interface RateWindow {
  /** The name the RateLimit headers and a refusal use (`organization`, `key-burst`, `daily`...). */
  readonly name: string;
  readonly subject: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

export const DAY_SECONDS = 86_400;

/** Counter subjects: what each window counts. */
export const rateSubjects = {
  organization: (orgId: string) => `org:${orgId}`,
  user: (orgId: string, userId: string) => `user:${orgId}:${userId}`,
  key: (keyId: string) => `key:${keyId}`,
  keyCalls: (keyId: string) => `calls:key:${keyId}`,
  keyQuickBooksCalls: (keyId: string) => `qbo:key:${keyId}`,
  failedAuthentication: (address: string | null) => `authfail:${address ?? "unknown"}`,
};

/**
 * The windows a failed authentication counts in: per client address (an unknown one shares one),
 * with its burst.
 *
 * @example
 * ```ts
 * failedAuthenticationWindows("203.0.113.7", policy)[0].subject; // "authfail:203.0.113.7"
 * ```
 */
export function failedAuthenticationWindows(address: string | null, policy: RatePolicy): RateWindow[] {
  const subject = rateSubjects.failedAuthentication(address);
  return [
    { name: "failed_authentication", subject, limit: policy.limit, windowSeconds: policy.window_seconds },
    { name: "failed_authentication-burst", subject, limit: policy.burst, windowSeconds: 1 },
  ];
}

/**
 * Whether `proposed` stays within `ceiling` (the service's configured policy): the same or fewer
 * calls per second on average and per burst. A narrower window with a proportional limit is allowed.
 *
 * @example
 * ```ts
 * withinCeiling({ limit: 60, window_seconds: 60, burst: 5 }, { limit: 600, window_seconds: 60, burst: 50 }); // true
 * ```
 */
export function withinCeiling(proposed: RatePolicy, ceiling: RatePolicy): boolean {
  return proposed.limit * ceiling.window_seconds <= ceiling.limit * proposed.window_seconds &&
    proposed.limit <= ceiling.limit && proposed.burst <= ceiling.burst;
}

/**
 * The windows a caller's call counts in: the organization's, and the key's (for an API key, with
 * its daily call quota) or the user's; each with its burst window of one second.
 *
 * @example
 * ```ts
 * rateWindowsOf(manager, policies, null).map((w) => w.name);
 * // ["organization", "organization-burst", "user", "user-burst"]
 * ```
 */
export function rateWindowsOf(
  caller: Caller,
  policies: RatePolicies,
  key: KeyRateTerms | null,
): RateWindow[] {
  const windows = (name: string, subject: string, policy: RatePolicy): RateWindow[] => [
    { name, subject, limit: policy.limit, windowSeconds: policy.window_seconds },
    { name: `${name}-burst`, subject, limit: policy.burst, windowSeconds: 1 },
  ];
  const own = caller.apiKeyId === undefined
    ? windows("user", rateSubjects.user(caller.orgId, caller.userId), policies.perUser)
    : [
      ...windows("key", rateSubjects.key(caller.apiKeyId), key?.rateLimit ?? policies.perKey),
      ...(key?.dailyCallQuota == null ? [] : [{
        name: "daily",
        subject: rateSubjects.keyCalls(caller.apiKeyId),
        limit: key.dailyCallQuota,
        windowSeconds: DAY_SECONDS,
      }]),
    ];
  return [...windows("organization", rateSubjects.organization(caller.orgId), policies.organization), ...own];
}

/** The fixed window of `windowSeconds` that `atMs` falls in (epoch seconds of its start). */
export function windowStartOf(atMs: number, windowSeconds: number): number {
  const seconds = Math.floor(atMs / 1000);
  return seconds - (seconds % windowSeconds);
}

/** A window after the call was counted: how many it still allows and when it starts afresh. */
export interface RateWindowState extends RateWindow {
  readonly remaining: number;
  /** Seconds until the window resets (at least 1). */
  readonly resetSeconds: number;
}

/** The answer for one call. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly windows: readonly RateWindowState[];
  /** The window that refused (the one that frees up last), when refused. */
  readonly refusedBy: RateWindowState | null;
}

/**
 * Decides a call from each window's count including it: refused when any count is over its limit,
 * and then by the window that frees up last (waiting for the first would not be enough).
 *
 * @example
 * ```ts
 * decideRate([{ name: "key", subject: "key:k", limit: 2, windowSeconds: 60 }], [3], 61_000).allowed; // false
 * ```
 */
export function decideRate(
  windows: readonly RateWindow[],
  counts: readonly number[],
  atMs: number,
): RateDecision {
  const states = windows.map((w, i): RateWindowState => {
    const start = windowStartOf(atMs, w.windowSeconds);
    return {
      ...w,
      remaining: Math.max(0, w.limit - counts[i]),
      resetSeconds: Math.max(1, Math.ceil((start + w.windowSeconds) - atMs / 1000)),
    };
  });
  const over = states.filter((s, i) => counts[i] > s.limit);
  const refusedBy = over.length === 0
    ? null
    : over.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
  return { allowed: refusedBy === null, windows: states, refusedBy };
}

/**
 * Reads a policy written `<limit>/<window>s:<burst>` (configuration), or null when it is not one.
 *
 * @example
 * ```ts
 * parseRatePolicy("600/60s:20"); // { limit: 600, window_seconds: 60, burst: 20 }
 * ```
 */
export function parseRatePolicy(text: string): RatePolicy | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*s\s*:\s*(\d+)\s*$/.exec(text);
  if (!match) return null;
  const parsed = RatePolicySchema.safeParse({
    limit: Number(match[1]),
    window_seconds: Number(match[2]),
    burst: Number(match[3]),
  });
  return parsed.success ? parsed.data : null;
}

/** The organization's policies as they apply, and whether it set them itself. */
export interface RatePoliciesView {
  readonly policies: RatePolicies;
  readonly ceilings: RatePolicies;
  readonly configured: boolean;
  readonly version: number;
  readonly updatedAt: string | null;
}

/** A key's use per UTC day: today's calls and QuickBooks calls against its quotas, and the days before. */
export interface ApiKeyUsage {
  readonly keyId: string;
  readonly date: string;
  readonly resetsAt: string;
  readonly calls: { readonly used: number; readonly quota: number | null; readonly remaining: number | null };
  readonly quickbooksCalls: {
    readonly used: number;
    readonly quota: number | null;
    readonly remaining: number | null;
  };
  readonly history: readonly {
    readonly date: string;
    readonly calls: number;
    readonly quickbooksCalls: number;
  }[];
}
