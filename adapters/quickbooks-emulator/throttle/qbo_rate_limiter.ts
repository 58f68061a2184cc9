/**
 * QBO's throttles, per realm as Intuit documents them: requests per minute per realm, requests per
 * second per realm and app, concurrent requests per realm and app, and for batch calls a per-minute
 * limit per realm and app plus one per realm. Batch calls also count as ordinary requests.
 *
 * Windows slide on the emulator clock (see SlidingWindowLog). Only admitted requests are counted:
 * a client hammering while throttled does not push its own recovery further out.
 */
import type { ThrottleConfig } from "../config.ts";
import { SlidingWindowLog } from "./sliding_window_log.ts";

export type ThrottleLimit =
  | "requests_per_minute_per_realm"
  | "requests_per_second_per_realm_app"
  | "concurrent_per_realm_app"
  | "batch_per_minute_per_realm_app"
  | "batch_per_minute_per_realm";

export interface ThrottleRequest {
  readonly realmId: string;
  readonly clientId: string;
  readonly isBatch: boolean;
}

export type AdmitResult =
  | { readonly ok: true; readonly release: () => void }
  | { readonly ok: false; readonly limit: ThrottleLimit };

export class QboRateLimiter {
  readonly #config: ThrottleConfig;
  readonly #perMinute = new SlidingWindowLog(60_000);
  readonly #perSecond = new SlidingWindowLog(1_000);
  readonly #inFlight = new Map<string, number>();

  constructor(config: ThrottleConfig) {
    this.#config = config;
  }

  /** Admits the request (recording it in every window) or names the first limit it would exceed. */
  tryAdmit(request: ThrottleRequest, nowMs: number): AdmitResult {
    const c = this.#config;
    if (!c.enabled) return { ok: true, release: () => {} };
    const realmKey = `r:${request.realmId}`;
    const appKey = `ra:${request.realmId}:${request.clientId}`;
    const batchRealmKey = `b:${request.realmId}`;
    const batchAppKey = `ba:${request.realmId}:${request.clientId}`;

    if ((this.#inFlight.get(appKey) ?? 0) >= c.concurrentPerRealmApp) {
      return { ok: false, limit: "concurrent_per_realm_app" };
    }
    if (this.#perSecond.count(appKey, nowMs) >= c.requestsPerSecondPerRealmApp) {
      return { ok: false, limit: "requests_per_second_per_realm_app" };
    }
    if (this.#perMinute.count(realmKey, nowMs) >= c.requestsPerMinutePerRealm) {
      return { ok: false, limit: "requests_per_minute_per_realm" };
    }
    if (request.isBatch) {
      if (this.#perMinute.count(batchAppKey, nowMs) >= c.batchPerMinutePerRealmApp) {
        return { ok: false, limit: "batch_per_minute_per_realm_app" };
      }
      if (this.#perMinute.count(batchRealmKey, nowMs) >= c.batchPerMinutePerRealm) {
        return { ok: false, limit: "batch_per_minute_per_realm" };
      }
      this.#perMinute.record(batchAppKey, nowMs);
      this.#perMinute.record(batchRealmKey, nowMs);
    }
    this.#perSecond.record(appKey, nowMs);
    this.#perMinute.record(realmKey, nowMs);
    this.#inFlight.set(appKey, (this.#inFlight.get(appKey) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.#inFlight.get(appKey) ?? 1) - 1;
        if (left <= 0) this.#inFlight.delete(appKey);
        else this.#inFlight.set(appKey, left);
      },
    };
  }

  reset(): void {
    this.#perMinute.clear();
    this.#perSecond.clear();
    this.#inFlight.clear();
  }
}
