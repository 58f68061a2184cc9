import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { QuickBooksCallObserver } from "../../domain/ports/quickbooks_call_stats.ts";
import type { AccessTokenSource, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { RateBudget, RateBudgetKind } from "../../domain/ports/rate_budget.ts";
import { classifyFailure, networkFailure, parseRetryAfter } from "./fault_classifier.ts";
import { QboCallError } from "./qbo_call_error.ts";
import { RealmResilience, type ResilienceOptions } from "./realm_resilience.ts";
import { readFault } from "./wire/fault_schema.ts";

/** Oldest minor version QBO still honours (1-74 are ignored since Aug 2025). */
export const MINIMUM_MINOR_VERSION = 75;

export interface QboHttpClientConfig {
  /** `https://quickbooks.api.intuit.com`, the sandbox host, or a loopback emulator URL. */
  readonly apiBaseUrl: string;
  readonly minorVersion: number;
  readonly tokens: AccessTokenSource;
  readonly budget: RateBudget;
  readonly clock: Clock;
  readonly resilience: ResilienceOptions;
  /** Sleeps while the shared rate budget is spent (injectable). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Give up with QB003 after waiting this long (unscaled) for the budget. */
  readonly budgetMaxWaitMs: number;
  readonly requestTimeoutMs: number;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
  /** Told how each exchange with QuickBooks ended and how long it took (the health figures). */
  readonly calls?: QuickBooksCallObserver;
}

export interface QboRequest {
  readonly method: "GET" | "POST";
  /** Path below `/v3/company/{realmId}`, e.g. `/query` or `/invoice/12`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly text?: string;
  /** Deterministic idempotency id for writes. */
  readonly requestId?: string;
  readonly budgetKind?: RateBudgetKind;
}

export interface QboResponse {
  readonly status: number;
  readonly body: unknown;
  /** Intuit's transaction id, kept for support and the audit trail. */
  readonly intuitTid: string | null;
}

/**
 * The one place that talks HTTP to the QuickBooks Accounting API: adds `minorversion`,
 * `Accept: application/json` and `requestid`, draws on the realm's shared rate budget, refreshes
 * the token once on a 401, and maps every failure to a QboCallError, under retry and breaker.
 */
export class QboHttpClient {
  readonly #config: QboHttpClientConfig;
  readonly #resilience: RealmResilience;
  readonly #fetch: typeof fetch;

  constructor(config: QboHttpClientConfig) {
    if (config.minorVersion < MINIMUM_MINOR_VERSION) {
      throw new DomainError("CONFIG_INVALID", `minorversion must be ${MINIMUM_MINOR_VERSION} or newer`, {
        minor_version: config.minorVersion,
      });
    }
    this.#config = config;
    this.#resilience = new RealmResilience(config.resilience, config.clock);
    this.#fetch = config.fetch ?? fetch;
  }

  get resilience(): RealmResilience {
    return this.#resilience;
  }

  send(target: QuickBooksTarget, request: QboRequest): Promise<QboResponse> {
    return this.#resilience.execute(target.realmId, () => this.#attempt(target, request));
  }

  async #attempt(target: QuickBooksTarget, request: QboRequest): Promise<QboResponse> {
    const permitId = await this.#acquirePermit(target.realmId, request.budgetKind ?? "call");
    try {
      let token = await this.#config.tokens.accessToken(target);
      let response = await this.#observed(target, () => this.#exchange(target, request, token));
      if (response.status === 401) {
        const refreshed = await this.#config.tokens.accessToken(target, token);
        if (refreshed !== token) {
          token = refreshed;
          response = await this.#observed(target, () => this.#exchange(target, request, token));
        }
      }
      return await this.#interpret(target, request, response);
    } finally {
      await this.#config.budget.release(target.realmId, permitId, this.#config.clock.now());
    }
  }

  /** Runs one exchange and tells the observer its outcome (by status: 429 throttled, 5xx or no answer an error). */
  async #observed(target: QuickBooksTarget, exchange: () => Promise<Response>): Promise<Response> {
    const clock = this.#config.clock;
    const started = clock.now().getTime();
    const record = (outcome: "ok" | "throttled" | "error") => {
      const at = clock.now();
      this.#config.calls?.record({
        realmId: target.realmId,
        at,
        durationMs: at.getTime() - started,
        outcome,
      });
    };
    try {
      const response = await exchange();
      record(response.status === 429 ? "throttled" : response.status >= 500 ? "error" : "ok");
      return response;
    } catch (error) {
      record("error");
      throw error;
    }
  }

  async #acquirePermit(realmId: string, kind: RateBudgetKind): Promise<string> {
    let waited = 0;
    for (;;) {
      const decision = await this.#config.budget.tryAcquire(realmId, kind, this.#config.clock.now());
      if (decision.granted) return decision.permitId;
      if (waited + decision.retryAfterMs > this.#config.budgetMaxWaitMs) {
        throw new QboCallError(
          "QB003",
          "The rate budget of this QuickBooks company is spent; try again later",
          {
            status: 429,
            retryable: false,
            retryAfterMs: decision.retryAfterMs,
            realmId,
          },
        );
      }
      waited += decision.retryAfterMs;
      // Not scaled: the budget is measured on the clock, so only a real wait frees a permit.
      await this.#config.sleep(decision.retryAfterMs);
    }
  }

  async #exchange(target: QuickBooksTarget, request: QboRequest, token: string): Promise<Response> {
    // Appended, not resolved: the base may carry a path prefix (the emulator mounted at /qbo-emulator).
    const url = new URL(
      `${this.#config.apiBaseUrl.replace(/\/+$/, "")}/v3/company/${
        encodeURIComponent(target.realmId)
      }${request.path}`,
    );
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    url.searchParams.set("minorversion", String(this.#config.minorVersion));
    if (request.requestId) url.searchParams.set("requestid", request.requestId);
    const headers = new Headers({ Authorization: `Bearer ${token}`, Accept: "application/json" });
    let body: string | undefined;
    if (request.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(request.json);
    } else if (request.text !== undefined) {
      headers.set("Content-Type", "application/text");
      body = request.text;
    }
    try {
      return await this.#fetch(url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.timeout(this.#config.requestTimeoutMs),
      });
    } catch (cause) {
      throw networkFailure(target.realmId, cause);
    }
  }

  async #interpret(target: QuickBooksTarget, request: QboRequest, response: Response): Promise<QboResponse> {
    const intuitTid = response.headers.get("intuit_tid") ?? response.headers.get("intuit-tid");
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      throw networkFailure(target.realmId, cause);
    }
    const body = parseJson(text);
    // One line per call with Intuit's transaction id: what Intuit support asks for.
    this.#config.logger?.info("quickbooks call", {
      realm_id: target.realmId,
      method: request.method,
      path: request.path.split("?")[0],
      status: response.status,
      intuit_tid: intuitTid,
    });
    const fault = response.ok ? faultOfSuccessfulResponse(body) : readFault(body, text);
    if (response.ok && !fault) return { status: response.status, body, intuitTid };
    throw classifyFailure({
      status: response.status,
      fault,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), this.#config.clock.now()),
      intuitTid,
      realmId: target.realmId,
    });
  }
}

/** QBO sometimes answers 200 with a top-level Fault. Batch faults are per item, not here. */
function faultOfSuccessfulResponse(body: unknown) {
  if (typeof body !== "object" || body === null || !("Fault" in body)) return null;
  return readFault(body, "");
}

function parseJson(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
