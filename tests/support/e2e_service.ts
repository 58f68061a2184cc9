/**
 * The service on a loopback port with the built-in emulator mounted, for end-to-end tests through
 * the HTTP API, and the steps every such test needs (tokens, API calls, the OAuth connect dance).
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { buildService, type Service, type ServiceOverrides } from "../../src/composition/service.ts";
import { loadConfig } from "../../src/config.ts";

export const SECRET = "e2e-secret-that-is-long-enough-for-hs256!!";
export const VERIFIER = "e2e-webhook-verifier-token";

export interface Running {
  readonly service: Service;
  readonly base: string;
  readonly logs: string[];
  close(): Promise<void>;
}

export async function startService(overrides: ServiceOverrides = {}): Promise<Running> {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    APP_ENV: "test",
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    DATABASE_URL: ":memory:",
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: "debug",
    RUN_WORKER: "false",
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER,
  });
  const logs: string[] = [];
  const service = await buildService(config, {
    logSink: (line) => logs.push(line),
    quickbooksResilience: { waitScale: 0, breakerThreshold: 50 },
    ...overrides,
  });
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, service.app.fetch);
  return {
    service,
    base,
    logs,
    close: async () => {
      await server.shutdown();
      await service.close();
    },
  };
}

export async function token(org: string, role = "admin"): Promise<string> {
  return await new SignJWT({ org, role }).setProtectedHeader({ alg: "HS256" }).setSubject("user-1")
    .setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
}

export async function api(run: Running, method: string, path: string, org: string, body?: unknown) {
  const response = await fetch(`${run.base}/api/quickbooks${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${await token(org)}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function admin(run: Running, path: string, body: unknown) {
  const response = await fetch(`${run.base}/qbo-emulator/_emulator${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `admin ${path}: ${response.status}`);
  await response.body?.cancel();
}

/** connect -> the user approves on the emulator's consent page -> Intuit redirects to the callback. */
export async function connect(run: Running, org: string, chosenRealm?: string) {
  const started = await api(run, "POST", "/connect", org);
  assert.equal(started.status, 200);
  const consent = new URL(started.body.data.authorization_url);
  assert.equal(consent.origin, run.base);
  consent.searchParams.set("auto_approve", "true");
  if (chosenRealm) consent.searchParams.set("realm_id", chosenRealm);
  const redirect = await fetch(consent, { redirect: "manual" });
  await redirect.body?.cancel();
  const callback = new URL(redirect.headers.get("location")!);
  assert.equal(callback.pathname, "/api/quickbooks/oauth/callback");
  const completed = await fetch(callback);
  return { callback, status: completed.status, body: await completed.json() };
}
