import {
  BrokenCircuitError,
  circuitBreaker,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
  type RetryPolicy,
} from "cockatiel";
import type { Clock } from "../../domain/ports/clock.ts";
import type { CircuitReport, CircuitStatus } from "../../domain/ports/quickbooks_gateway.ts";
import { QboCallError } from "./qbo_call_error.ts";

/** Tunables of retries and the circuit breaker; waits scale so tests run fast. */
export interface ResilienceOptions {
  /** Total attempts per call, including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Multiplies every wait (Retry-After, 60 s throttle guidance, backoff); 0 in tests. */
  readonly waitScale: number;
  /** Source of jitter in [0, 1). */
  readonly random: () => number;
  /** Consecutive unavailability failures that open a realm's circuit. */
  readonly breakerThreshold: number;
  readonly breakerHalfOpenAfterMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  waitScale: 1,
  random: Math.random,
  breakerThreshold: 5,
  breakerHalfOpenAfterMs: 30_000,
};

/**
 * Retry with exponential backoff and jitter (honouring the server's requested wait), and one
 * circuit breaker per realm so a failing company does not drag every worker into timeouts.
 */
export class RealmResilience {
  readonly #options: ResilienceOptions;
  readonly #retry: RetryPolicy;
  readonly #breakers = new Map<string, CircuitBreakerPolicy>();
  /** Why and when each realm's breaker last opened (cleared when it closes again). */
  readonly #openings = new Map<string, { openedAt: string; error: CircuitReport["error"] }>();
  readonly #clock: Clock;
  readonly #onStateChange: (realmId: string, state: CircuitStatus) => void;

  constructor(
    options: ResilienceOptions,
    clock: Clock,
    /** Told each time a realm's breaker changes state (metrics). */
    onStateChange: (realmId: string, state: CircuitStatus) => void = () => {},
  ) {
    this.#options = options;
    this.#clock = clock;
    this.#onStateChange = onStateChange;
    this.#retry = retry(handleWhen((error) => error instanceof QboCallError && error.retryable), {
      maxAttempts: options.maxAttempts - 1,
      backoff: new QboBackoff(options),
    });
  }

  /** Runs `attempt` under the realm's breaker, retrying retryable failures. */
  execute<T>(realmId: string, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
    const breaker = this.#breakerOf(realmId);
    return this.#retry.execute(async ({ attempt: retryAttempt }) => {
      try {
        return await breaker.execute(() => attempt(retryAttempt + 1));
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new QboCallError("QB007", "QuickBooks calls for this company are paused (circuit open)", {
            status: 0,
            retryable: false,
            realmId,
            circuitRetryAt: this.report(realmId).retryAt,
          }, { cause: error });
        }
        throw error;
      }
    });
  }

  status(realmId: string): CircuitStatus {
    const breaker = this.#breakers.get(realmId);
    return breaker ? circuitStatusOf(breaker.state) : "closed";
  }

  /** The realm's breaker with the error that opened it and when it lets a trial call through. */
  report(realmId: string): CircuitReport {
    const state = this.status(realmId);
    const opening = state === "closed" ? undefined : this.#openings.get(realmId);
    const retryAt = opening && state === "open"
      ? new Date(Date.parse(opening.openedAt) + this.#options.breakerHalfOpenAfterMs).toISOString()
      : null;
    return { state, openedAt: opening?.openedAt ?? null, retryAt, error: opening?.error ?? null };
  }

  #breakerOf(realmId: string): CircuitBreakerPolicy {
    let breaker = this.#breakers.get(realmId);
    if (!breaker) {
      breaker = circuitBreaker(
        handleWhen((error) => error instanceof QboCallError && error.code === "QB007"),
        {
          halfOpenAfter: this.#options.breakerHalfOpenAfterMs,
          breaker: new ConsecutiveBreaker(this.#options.breakerThreshold),
        },
      );
      breaker.onBreak((reason) => {
        const at = this.#clock.now().toISOString();
        const error = "error" in reason && reason.error instanceof QboCallError
          ? { code: reason.error.code, message: reason.error.message, at }
          : "error" in reason && reason.error instanceof Error
          ? { code: "QB007", message: reason.error.message, at }
          : null;
        this.#openings.set(realmId, { openedAt: at, error });
      });
      breaker.onReset(() => this.#openings.delete(realmId));
      breaker.onStateChange((state) => this.#onStateChange(realmId, circuitStatusOf(state)));
      this.#breakers.set(realmId, breaker);
      this.#onStateChange(realmId, "closed");
    }
    return breaker;
  }
}

function circuitStatusOf(state: CircuitState): CircuitStatus {
  switch (state) {
    case CircuitState.Open:
      return "open";
    case CircuitState.HalfOpen:
      return "half_open";
    case CircuitState.Isolated:
      return "isolated";
    default:
      return "closed";
  }
}

type RetryContext = IRetryBackoffContext<unknown>;

/** Server-requested wait when given, otherwise exponential backoff with jitter; all scaled. */
class QboBackoff implements IBackoffFactory<RetryContext> {
  readonly #options: ResilienceOptions;

  constructor(options: ResilienceOptions) {
    this.#options = options;
  }

  next(context: RetryContext): IBackoff<RetryContext> {
    return { duration: this.#delayFor(context), next: (nextContext) => this.next(nextContext) };
  }

  #delayFor(context: RetryContext): number {
    const error = "error" in context.result ? context.result.error : undefined;
    return retryDelayMs(error, context.attempt, this.#options);
  }
}

/**
 * How long to wait before retry number `attempt` (1-based) after `error`: the server's requested
 * wait when it gave one (Retry-After, or QBO's 60 s throttle guidance), otherwise exponential
 * backoff with jitter in [50%, 100%] of the step; everything multiplied by `waitScale`.
 */
export function retryDelayMs(error: unknown, attempt: number, options: ResilienceOptions): number {
  const { baseDelayMs, maxDelayMs, waitScale, random } = options;
  if (error instanceof QboCallError && error.retryAfterMs !== null) {
    return Math.round(error.retryAfterMs * waitScale);
  }
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + random() / 2) * waitScale);
}
