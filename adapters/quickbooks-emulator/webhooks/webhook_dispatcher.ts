/**
 * Webhooks out. Subscribed to the accounting core's change events, it batches changes that occur
 * within `batchWindowMs` into one delivery per endpoint, signs it, and posts it. Each endpoint is
 * a FIFO: while its head delivery is not acknowledged (2xx), later deliveries wait, and the head
 * is retried on QBO's schedule (scaled by `retryTimeScale`). The body, and so every event id, is
 * fixed when the delivery is created: retries are byte-identical, so receivers can dedupe.
 */
import type { ChangeEvent, ChangeListener, EmulatorClock } from "../contracts.ts";
import type { WebhookConfig, WebhookEndpoint } from "../config.ts";
import type { SeededRandom } from "../clock/seeded_random.ts";
import { type DeliveryAttempt, DeliveryLog } from "./delivery_log.ts";
import { cloudEventsPayload, type IdentifiedChange, legacyPayload } from "./notification_payloads.ts";
import { retryDelayMs } from "./retry_schedule.ts";
import { signWebhookBody } from "./webhook_signature.ts";

/**
 * Entities the emulator changes but QBO's webhooks do not cover (Intuit's supported-entity list,
 * docs/quickbooks-api.md §6.6, has neither).
 */
const NOT_NOTIFIED = new Set(["Attachable", "ExchangeRate"]);

interface Delivery {
  readonly id: string;
  readonly body: string;
  readonly eventIds: string[];
  readonly headers: Record<string, string>;
  attempts: number;
}

interface EndpointState {
  readonly endpoint: WebhookEndpoint;
  pending: IdentifiedChange[];
  batchTimer?: ReturnType<typeof setTimeout>;
  retryTimer?: ReturnType<typeof setTimeout>;
  /** Deliveries being built (signed) but not queued yet. */
  building: number;
  queue: Delivery[];
  sending: boolean;
}

export interface WebhookDispatcherDeps {
  readonly config: WebhookConfig;
  readonly clock: EmulatorClock;
  readonly random: SeededRandom;
  readonly newTid: () => string;
  readonly fetch?: typeof fetch;
  /** Which realms may be notified (Intuit: only those connected to the app); default all. */
  readonly realmIsSubscribed?: (realmId: string) => boolean;
}

export class WebhookDispatcher {
  readonly log = new DeliveryLog();
  /** Give this to the accounting core as its `onChange`. */
  readonly listener: ChangeListener = (event) => this.notify(event);
  readonly #deps: WebhookDispatcherDeps;
  readonly #fetch: typeof fetch;
  #endpoints: EndpointState[];
  #idleWaiters: Array<() => void> = [];
  #abort = new AbortController();
  #closed = false;

  constructor(deps: WebhookDispatcherDeps) {
    this.#deps = deps;
    this.#fetch = deps.fetch ?? fetch;
    this.#endpoints = deps.config.endpoints.map((endpoint) => newState(endpoint));
  }

  notify(event: ChangeEvent): void {
    if (this.#closed || NOT_NOTIFIED.has(event.entityName)) return;
    if (this.#deps.realmIsSubscribed && !this.#deps.realmIsSubscribed(event.realmId)) return;
    const change: IdentifiedChange = { id: this.#deps.random.uuid(), event };
    for (const state of this.#endpoints) {
      const wanted = state.endpoint.entities;
      if (wanted.length > 0 && !wanted.includes(event.entityName)) continue;
      state.pending.push(change);
      state.batchTimer ??= setTimeout(() => {
        state.batchTimer = undefined;
        void this.#flush(state);
      }, this.#deps.config.batchWindowMs);
    }
  }

  /** Resolves once nothing is pending, queued or in flight (or the dispatcher is closed). */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Deliveries not yet acknowledged, per endpoint URL. */
  backlog(): Record<string, number> {
    return Object.fromEntries(
      this.#endpoints.map((s) => [s.endpoint.url, s.queue.length + s.pending.length]),
    );
  }

  /** Drops everything queued (admin reset); the log is kept unless cleared separately. */
  reset(): void {
    this.#cancelTimers();
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#endpoints = this.#deps.config.endpoints.map((endpoint) => newState(endpoint));
    this.#settleIdle();
  }

  close(): void {
    this.#closed = true;
    this.reset();
  }

  async #flush(state: EndpointState): Promise<void> {
    if (state.pending.length === 0) return;
    const changes = state.pending;
    state.pending = [];
    state.building++;
    const format = state.endpoint.format;
    const body = JSON.stringify(format === "legacy" ? legacyPayload(changes) : cloudEventsPayload(changes));
    const contentType = deliveryContentType(state.endpoint);
    const headers: Record<string, string> = {
      ...(contentType === null ? {} : { "content-type": contentType }),
      "intuit-signature": await signWebhookBody(body, this.#deps.config.verifierToken),
      "intuit-t-id": this.#deps.newTid(),
      "intuit-created-time": this.#deps.clock.now().toISOString(),
      "user-agent": "intuit_notification_server/0.1",
    };
    if (format === "legacy") headers["intuit-notification-schema-version"] = "0.1";
    state.building--;
    if (!this.#endpoints.includes(state)) return this.#settleIdle();
    state.queue.push({
      id: this.#deps.random.uuid(),
      body,
      eventIds: changes.map((c) => c.id),
      headers,
      attempts: 0,
    });
    void this.#pump(state);
  }

  async #pump(state: EndpointState): Promise<void> {
    if (state.sending || state.retryTimer !== undefined || this.#closed) return this.#settleIdle();
    const delivery = state.queue[0];
    if (!delivery) return this.#settleIdle();
    state.sending = true;
    delivery.attempts++;
    const attempt = delivery.attempts;
    const result = await this.#post(state.endpoint, delivery);
    state.sending = false;
    if (!this.#endpoints.includes(state)) return this.#settleIdle();
    const abandoned = !result.ok && attempt >= this.#deps.config.maxAttempts;
    this.log.append({
      deliveryId: delivery.id,
      endpointUrl: state.endpoint.url,
      format: state.endpoint.format,
      attempt,
      plannedDelayMs: retryDelayMs(attempt),
      attemptedAt: result.at,
      outcome: result.ok ? "delivered" : abandoned ? "abandoned" : "failed",
      httpStatus: result.status,
      error: result.error,
      eventIds: delivery.eventIds,
      body: delivery.body,
      headers: delivery.headers,
    });
    if (result.ok || abandoned) {
      state.queue.shift();
      return this.#pump(state);
    }
    const wait = retryDelayMs(attempt + 1) * this.#deps.config.retryTimeScale;
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      void this.#pump(state);
    }, wait);
  }

  async #post(
    endpoint: WebhookEndpoint,
    delivery: Delivery,
  ): Promise<{ ok: boolean; status?: number; error?: string; at: string }> {
    const at = this.#deps.clock.now().toISOString();
    const timeout = AbortSignal.timeout(this.#deps.config.attemptTimeoutMs);
    try {
      const res = await this.#fetch(endpoint.url, {
        method: "POST",
        headers: delivery.headers,
        // Bytes, so that fetch adds no Content-Type of its own when the endpoint sends none.
        body: new TextEncoder().encode(delivery.body),
        signal: AbortSignal.any([timeout, this.#abort.signal]),
      });
      await res.body?.cancel();
      return { ok: res.status >= 200 && res.status < 300, status: res.status, at };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error), at };
    }
  }

  #isIdle(): boolean {
    return this.#closed ||
      this.#endpoints.every((s) =>
        s.pending.length === 0 && s.batchTimer === undefined && s.building === 0 && s.queue.length === 0 &&
        !s.sending
      );
  }

  #settleIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #cancelTimers(): void {
    for (const s of this.#endpoints) {
      if (s.batchTimer !== undefined) clearTimeout(s.batchTimer);
      if (s.retryTimer !== undefined) clearTimeout(s.retryTimer);
    }
  }
}

/** The endpoint's configured `Content-Type`, else its format's usual one; null sends none. */
function deliveryContentType(endpoint: WebhookEndpoint): string | null {
  if (endpoint.contentType !== undefined) return endpoint.contentType;
  return endpoint.format === "legacy"
    ? "application/json; charset=utf-8"
    : "application/cloudevents+json; charset=utf-8";
}

function newState(endpoint: WebhookEndpoint): EndpointState {
  return { endpoint, pending: [], queue: [], sending: false, building: 0 };
}

export type { DeliveryAttempt };
