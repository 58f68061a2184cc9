/**
 * The in-process test service, also served on a loopback port so that its own outbound calls
 * reach the emulator mounted inside it (OAuth discovery and token exchange, the Accounting API).
 * Tests still call the API with `svc.app.request`; only the service's calls to "Intuit" cross the
 * loopback. `connectCompany` runs the OAuth dance in-process: POST /connect, the emulator's consent
 * page (auto-approved), the redirect to GET /oauth/callback.
 */
import assert from "node:assert/strict";
import type { ServiceOverrides } from "../../src/composition/service.ts";
import { call } from "./api_call.ts";
import { authHeader, FixedClock, startTestService } from "./service.ts";

/**
 * The test clock, moving with real time from its start: QuickBooks' rate budget (10 calls a
 * second) refills only as the service clock moves, so a frozen clock would stall any route that
 * makes more than ten calls. Test tokens (valid for a day from the start) stay valid.
 */
export class RunningClock extends FixedClock {
  readonly #startedAt = performance.now();
  override now(): Date {
    return new Date(super.now().getTime() + Math.floor(performance.now() - this.#startedAt));
  }
}

export type LoopbackService = Awaited<ReturnType<typeof startTestService>> & { readonly base: string };

export async function startLoopbackService(
  env: Record<string, string> = {},
  overrides: ServiceOverrides = {},
): Promise<LoopbackService> {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const base = `http://127.0.0.1:${port}`;
  const svc = await startTestService({ PUBLIC_BASE_URL: base, ...env }, {
    clock: new RunningClock(),
    quickbooksResilience: { waitScale: 0, breakerThreshold: 50 },
    ...overrides,
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, svc.app.fetch);
  const closeService = svc.close.bind(svc);
  return Object.assign(svc, {
    base,
    close: async () => {
      await server.shutdown();
      await closeService();
    },
  });
}

/** The redirect Intuit sends the browser back with, after the user approved `org`'s connect request. */
export async function approvedCallback(svc: LoopbackService, org = "org-a"): Promise<URL> {
  const started = await call(svc.app, "POST", "/connect", await authHeader(org, "admin"));
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const consent = new URL(started.body.data.authorization_url);
  consent.searchParams.set("auto_approve", "true");
  const redirect = await svc.app.request(`${consent.pathname}${consent.search}`);
  await redirect.body?.cancel();
  assert.equal(redirect.status, 302, "the emulator's consent page redirects back");
  return new URL(redirect.headers.get("location")!);
}

/** Connects `org` to the emulator's company through the OAuth flow; returns the realm id. */
export async function connectCompany(svc: LoopbackService, org = "org-a"): Promise<string> {
  const callback = await approvedCallback(svc, org);
  const completed = await svc.app.request(`${callback.pathname}${callback.search}`);
  const body = await completed.json();
  assert.equal(completed.status, 200, JSON.stringify(body));
  return callback.searchParams.get("realmId")!;
}
