/**
 * The service on a loopback port with the built-in emulator mounted, for end-to-end tests through
 * the HTTP API, and the steps every such test needs (tokens, API calls, the OAuth connect dance,
 * account mappings, a sample portfolio loaded through bulk intake).
 */
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import { keyedRequestId } from "../../domain/sync/request_id.ts";
import { buildService, type Service, type ServiceOverrides } from "../../src/composition/service.ts";
import { loadConfig } from "../../src/config.ts";
import { ipAddresses } from "../../adapters/http/ip_addresses.ts";
import { TEST_DEVELOPMENT_SECRETS } from "./service.ts";
import {
  emulatorAccountMapping,
  type PortfolioShape,
  samplePortfolio,
} from "../../src/demo/sample_portfolio.ts";

export const SECRET = "e2e-secret-that-is-long-enough-for-hs256!!";
export const VERIFIER = "e2e-webhook-verifier-token";

export interface Running {
  readonly service: Service;
  readonly base: string;
  readonly logs: string[];
  close(): Promise<void>;
}

/** The service on a free loopback port; `env` adds or replaces configuration variables. */
export async function startService(
  overrides: ServiceOverrides = {},
  env: Record<string, string> = {},
): Promise<Running> {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    {
      APP_ENV: "test",
      PORT: String(port),
      PUBLIC_BASE_URL: base,
      DATABASE_URL: ":memory:",
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: "debug",
      RUN_WORKER: "false",
      // Tests burst far past the consumer rate limits; a test about them turns them on.
      RATE_LIMITING: "false",
      QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER,
      ...env,
    },
    TEST_DEVELOPMENT_SECRETS,
    ipAddresses,
  );
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
  return await apiWithToken(run, await token(org), method, path, body);
}

/** An API call carrying the given bearer token (another role, a property scope, another issue time). */
export async function apiWithToken(
  run: Running,
  bearer: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const response = await fetch(`${run.base}/api/quickbooks${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** The built-in emulator's admin API credential, as a header (the service's configuration holds it). */
export function adminHeaders(run: Running): Record<string, string> {
  return { Authorization: `Bearer ${run.service.config.quickbooks.emulatorAdminToken}` };
}

export async function admin(run: Running, path: string, body: unknown) {
  const response = await fetch(`${run.base}/qbo-emulator/_emulator${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...adminHeaders(run) },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `admin ${path}: ${response.status}`);
  await response.body?.cancel();
}

/** connect -> the user approves on the emulator's consent page -> Intuit redirects to the callback. */
export async function connect(
  run: Running,
  org: string,
  chosenRealm?: string,
  call: OrgApi = (method, path, body) => api(run, method, path, org, body),
) {
  const started = await call("POST", "/connect");
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

/**
 * Someone changes an object in QuickBooks, as another app would: a sparse update of the object
 * linked to `recordId`, with its current SyncToken. Returns the object as QBO stored it.
 */
export async function editInQuickBooks(
  run: Running,
  target: QuickBooksTarget,
  entityName: string,
  recordId: string,
  fields: Record<string, unknown>,
) {
  const gateway = run.service.quickbooks.gateway;
  const link = await run.service.syncData.links.get(target.orgId, target.realmId, entityName, recordId);
  assert.ok(link, `${entityName} ${recordId} is linked`);
  const current = await gateway.read(target, entityName, link.qboId);
  assert.ok(current, `${entityName} ${link.qboId} is in QuickBooks`);
  const out = await gateway.writeBatch(target, [{
    key: "e",
    entityName,
    operation: "update",
    payload: { Id: link.qboId, SyncToken: current.SyncToken, sparse: true, ...fields },
  }], keyedRequestId(`someone-in-qbo:${entityName}:${recordId}:${crypto.randomUUID()}`));
  assert.ok(out.results[0].ok, JSON.stringify(out.results[0]));
  return (out.results[0] as { object: Record<string, unknown> }).object;
}

/** An API response as the tests read it: the HTTP status and the parsed JSON body. */
export interface ApiResponse {
  readonly status: number;
  // deno-lint-ignore no-explicit-any
  readonly body: any;
}

/** One organization's API calls (a test that moves the service clock passes calls with matching tokens). */
export type OrgApi = (method: string, path: string, body?: unknown) => Promise<ApiResponse>;

export interface ConnectedOrg {
  /** The OAuth callback Intuit redirected to (it carries the realmId). */
  readonly callback: URL;
  /** The callback's HTTP status. */
  readonly status: number;
  readonly target: QuickBooksTarget;
  readonly gateway: QuickBooksGateway;
  /** The PUT /mappings/default response; each test checks it as strictly as it needs. */
  readonly mappings: ApiResponse;
}

/**
 * Connects the org to the emulator and saves the default account mappings, each account looked up
 * by name in the new company (the emulator numbers accounts per company, so ids cannot be fixed).
 */
export async function connectWithMappings(
  run: Running,
  org: string,
  call: OrgApi = (method, path, body) => api(run, method, path, org, body),
): Promise<ConnectedOrg> {
  const { callback, status } = await connect(run, org, undefined, call);
  const target = { orgId: org, realmId: callback.searchParams.get("realmId")! };
  const gateway = run.service.quickbooks.gateway;
  const accountId = async (name: string) =>
    String(
      (await gateway.query(target, {
        entityName: "Account",
        where: [{ field: "Name", operator: "=", value: name }],
      }))[0].Id,
    );
  const mappings = await call("PUT", "/mappings/default", await emulatorAccountMapping(accountId));
  return { callback, status, target, gateway, mappings };
}

/**
 * Posts a sample portfolio through bulk intake, its properties owned by `org`; returns the records
 * sent (as POST /records/bulk takes them) and the intake response.
 */
export async function loadSamplePortfolio(run: Running, org: string, shape: PortfolioShape) {
  const records = samplePortfolio(shape).map((r) => ({
    type: r.recordType,
    data: { ...r.data, ...(r.recordType === "property" ? { organization_id: org } : {}) },
  }));
  const intake: ApiResponse = await api(run, "POST", "/records/bulk", org, { records });
  return { records, intake };
}

/** Queues a sync, runs every due job (the sync and whatever it queues), and answers the sync job once it succeeded. */
export async function runJob(run: Running, org: string, direction: "push" | "pull" | "both") {
  const queued = await api(run, "POST", "/sync", org, { direction });
  assert.ok(queued.status === 202 || queued.status === 200, JSON.stringify(queued.body));
  while (await run.service.worker.runOnce()) { /* drain every queued job */ }
  const job = (await api(run, "GET", `/sync/jobs/${queued.body.data.id}`, org)).body.data;
  assert.equal(job.status, "succeeded", JSON.stringify(job));
  return job;
}
