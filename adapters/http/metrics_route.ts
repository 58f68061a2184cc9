/**
 * `GET /metrics`: the Prometheus exposition, outside the API (no organization, no JWT, no API
 * key): a scraper presents the metrics credential (METRICS_TOKEN) as `Authorization: Bearer`.
 * The exposition carries realm ids (capped by configuration) and volumes, never a token or a
 * record id, but it still tells who the customers are: it is never open.
 */
import type { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";

/** What the route serves: the scrape credential and the exposition (the metrics adapter renders it). */
export interface MetricsEndpoint {
  readonly token: string;
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export const METRICS_PATH = "/metrics";

// deno-lint-ignore no-explicit-any
export function registerMetricsRoute(app: Hono<any>, endpoint: MetricsEndpoint): void {
  const expected = new TextEncoder().encode(endpoint.token);
  app.get(METRICS_PATH, async (c) => {
    const header = c.req.header("authorization");
    if (!header) {
      c.header("WWW-Authenticate", 'Bearer realm="metrics"');
      throw new DomainError("AUTH_MISSING_TOKEN", "Authorization: Bearer <metrics token> is required");
    }
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? "";
    if (!sameBytes(new TextEncoder().encode(presented), expected)) {
      c.header("WWW-Authenticate", 'Bearer realm="metrics", error="invalid_token"');
      throw new DomainError("AUTH_INVALID_TOKEN", "The metrics token is not this service's", {
        reason: "metrics_token_mismatch",
      });
    }
    const { contentType, body } = await endpoint.render();
    return c.body(body, 200, { "Content-Type": contentType, "Cache-Control": "no-store" });
  });
}

/** Compares without stopping at the first difference (the time taken says nothing about the token). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a[i] ?? 0) ^ b[i];
  return difference === 0;
}
