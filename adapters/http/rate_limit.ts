import type { Context, MiddlewareHandler } from "hono";
import type { RateDecision, RateWindowState } from "../../domain/access/rate_limits.ts";
import type { Caller } from "../../domain/access/caller.ts";
import { DomainError } from "../../domain/errors.ts";
import type { CallAttribution } from "../../domain/ports/call_attribution.ts";
import type { ApiEnv } from "./api_types.ts";

/** What the rate limiter needs from the application: decisions that count what they decide. */
export interface RateLimiting {
  /** One authenticated call of `caller`. */
  admit(caller: Caller): Promise<RateDecision>;
  /** One failed authentication from `clientAddress` (null: unknown). */
  admitFailedAuthentication(clientAddress: string | null): Promise<RateDecision>;
}

/**
 * Puts the RateLimit header fields on the answer and, when the decision refused, `Retry-After` and
 * the RATE_LIMITED error naming the window that refused.
 */
export function applyRateDecision(c: Context<ApiEnv>, decision: RateDecision): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(decision.windows))) c.header(name, value);
  const refused = decision.refusedBy;
  if (refused === null) return;
  c.header("Retry-After", String(refused.resetSeconds));
  throw new DomainError(
    "RATE_LIMITED",
    `Rate limit "${refused.name}" reached: ${refused.limit} calls per ${refused.windowSeconds} s; retry in ` +
      `${refused.resetSeconds} s`,
    {
      policy: refused.name,
      limit: refused.limit,
      window_seconds: refused.windowSeconds,
      retry_after_seconds: refused.resetSeconds,
    },
  );
}

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): each window as a policy
 * (`"key";q=600;w=60`) and its state after this call (`"key";r=599;t=42`).
 *
 * @example
 * ```ts
 * rateLimitHeaders(decision.windows)["RateLimit"]; // "\"organization\";r=2999;t=42, ..."
 * ```
 */
export function rateLimitHeaders(windows: readonly RateWindowState[]): Record<string, string> {
  return {
    "RateLimit-Policy": windows.map((w) => `"${w.name}";q=${w.limit};w=${w.windowSeconds}`).join(", "),
    "RateLimit": windows.map((w) => `"${w.name}";r=${w.remaining};t=${w.resetSeconds}`).join(", "),
  };
}

/**
 * Counts and decides every authenticated call (health, docs, the OAuth callback and QuickBooks'
 * webhook are public routes: never counted, never refused). Every answer carries the RateLimit
 * header fields; a refused call is 429 RATE_LIMITED with `Retry-After` and the window that refused.
 */
export function rateLimitMiddleware(limits: RateLimiting): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    applyRateDecision(c, await limits.admit(c.get("caller")));
    await next();
  };
}

/** Runs the rest of the request on behalf of its API key, if any (its QuickBooks usage is counted). */
export function attributionMiddleware(attribution: CallAttribution): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await attribution.run(c.get("caller").apiKeyId ?? null, () => next());
  };
}
