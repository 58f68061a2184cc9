import { InProcessRateBudget } from "../../../../adapters/quickbooks/in_process_rate_budget.ts";
import { QboHttpClient } from "../../../../adapters/quickbooks/qbo_http_client.ts";
import {
  DEFAULT_RESILIENCE,
  type ResilienceOptions,
} from "../../../../adapters/quickbooks/realm_resilience.ts";
import type { AccessTokenSource, QuickBooksTarget } from "../../../../domain/ports/quickbooks_gateway.ts";
import type { RateBudget } from "../../../../domain/ports/rate_budget.ts";
import type { ServiceMetrics } from "../../../../domain/ports/metrics.ts";
import type { Tracer } from "../../../../domain/ports/tracing.ts";

export const target: QuickBooksTarget = { orgId: "org-1", realmId: "9130350000000001" };

/** Hands out "token-1", and on each reported rejection the next token, counting refreshes. */
export class RotatingTokenSource implements AccessTokenSource {
  refreshes = 0;
  #current = 1;

  accessToken(_target: QuickBooksTarget, rejected?: string): Promise<string> {
    if (rejected === `token-${this.#current}`) {
      this.refreshes++;
      this.#current++;
    }
    return Promise.resolve(`token-${this.#current}`);
  }
}

/** A client wired for tests: no real waiting, seeded jitter, in-process budget. */
export function clientFor(
  baseUrl: string,
  overrides: {
    resilience?: Partial<ResilienceOptions>;
    budget?: RateBudget;
    tokens?: AccessTokenSource;
    metrics?: ServiceMetrics;
    tracer?: Tracer;
  } = {},
): { client: QboHttpClient; tokens: AccessTokenSource; sleeps: number[] } {
  const tokens = overrides.tokens ?? new RotatingTokenSource();
  const sleeps: number[] = [];
  const client = new QboHttpClient({
    apiBaseUrl: baseUrl,
    minorVersion: 75,
    tokens,
    budget: overrides.budget ?? new InProcessRateBudget(),
    clock: { now: () => new Date() },
    resilience: { ...DEFAULT_RESILIENCE, waitScale: 0, random: () => 0.5, ...overrides.resilience },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    budgetMaxWaitMs: 5_000,
    requestTimeoutMs: 5_000,
    metrics: overrides.metrics,
    tracer: overrides.tracer,
  });
  return { client, tokens, sleeps };
}
