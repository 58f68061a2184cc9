/**
 * The emulator's control surface, under `/_emulator` (never under `/v3`): arm faults, move the
 * clock, expire or revoke a realm's tokens, create companies, browse a company's objects without
 * a token, reset, read webhook deliveries.
 * Only mounted when `adminEnabled`, behind the admin token (admin_credential.ts); a deployment
 * that talks to the real Intuit never has it. No answer carries a secret.
 */
import { type Context, Hono } from "hono";
import type { z } from "zod";
import type { BrowseOutcome, BrowseRequest } from "../accounting/company_browser.ts";
import type { ControllableClock } from "../clock/controllable_clock.ts";
import type { FaultInjector } from "../gateway/fault_injector.ts";
import type { TokenService } from "../oauth/token_service.ts";
import type { WebhookDispatcher } from "../webhooks/webhook_dispatcher.ts";
import {
  AdvanceClockRequest,
  ArmFaultRequest,
  CreateCompanyRequest,
  RealmRequest,
  SetClockRequest,
} from "./admin_requests.ts";

/** The slice of the company store the admin API needs. */
export interface AdminCompanies {
  createCompany(options: CreateCompanyRequest): { realmId: string; companyName: string };
  listCompanies(): ReadonlyArray<{ realmId: string; companyName: string }>;
  browse(request: BrowseRequest): BrowseOutcome;
}

export interface AdminDeps {
  readonly clock: ControllableClock;
  readonly tokens: TokenService;
  readonly faults: FaultInjector;
  readonly webhooks: WebhookDispatcher;
  readonly companies: () => AdminCompanies;
  /** Back to the configured start state (companies, tokens, faults, throttles, webhooks). */
  readonly reset: () => void;
  /** Everything a developer needs to point a client at the emulator, secrets left out. */
  readonly describe: (c: Context) => Record<string, unknown>;
}

export const ADMIN_PREFIX = "/_emulator";

/** Max wait of `GET .../webhooks/deliveries?wait=true` for the dispatcher to go idle. */
const WEBHOOK_WAIT_LIMIT_MS = 10_000;

export function adminRoutes(deps: AdminDeps): Hono {
  const app = new Hono();

  app.get("/", (c) => c.json(deps.describe(c)));

  app.get("/clock", (c) => c.json(clockState(deps.clock)));
  app.post("/clock/advance", async (c) => {
    const body = await parse(c, AdvanceClockRequest);
    if (!body.ok) return body.response;
    deps.clock.advance(body.value.ms ?? Math.round((body.value.seconds ?? 0) * 1000));
    return c.json(clockState(deps.clock));
  });
  app.post("/clock/set", async (c) => {
    const body = await parse(c, SetClockRequest);
    if (!body.ok) return body.response;
    deps.clock.set(new Date(body.value.now));
    return c.json(clockState(deps.clock));
  });

  app.get("/faults", (c) => c.json(deps.faults.describe()));
  app.delete("/faults", (c) => {
    deps.faults.clear();
    return c.json(deps.faults.describe());
  });
  app.post("/faults", async (c) => {
    const body = await parse(c, ArmFaultRequest);
    if (!body.ok) return body.response;
    const f = body.value;
    if (f.type === "latency") deps.faults.setLatency(f.ms, { jitterMs: f.jitterMs, count: f.count });
    else if (f.type === "error") deps.faults.arm({ kind: "status", status: f.status }, f.count, f.realmId);
    else if (f.type === "throttle") {
      deps.faults.arm({ kind: "throttle", retryAfterSeconds: f.retryAfterSeconds }, f.count, f.realmId);
    } else deps.faults.arm({ kind: f.type }, f.count, f.realmId);
    return c.json(deps.faults.describe(), 201);
  });

  app.post("/tokens/expire", async (c) => {
    const body = await parse(c, RealmRequest);
    if (!body.ok) return body.response;
    const expired = deps.tokens.expireRealm(body.value.realmId, {
      includeRefreshTokens: body.value.includeRefreshTokens,
    });
    return c.json({ realmId: body.value.realmId, expiredAccessTokens: expired });
  });
  app.post("/tokens/revoke", async (c) => {
    const body = await parse(c, RealmRequest);
    if (!body.ok) return body.response;
    return c.json({
      realmId: body.value.realmId,
      revokedGrants: deps.tokens.revokeRealm(body.value.realmId),
    });
  });

  app.get("/companies", (c) => c.json({ companies: deps.companies().listCompanies() }));
  app.post("/companies", async (c) => {
    const body = await parse(c, CreateCompanyRequest);
    if (!body.ok) return body.response;
    try {
      return c.json(deps.companies().createCompany(body.value), 201);
    } catch (error) {
      if (error instanceof RangeError) return c.json({ error: "conflict", message: error.message }, 409);
      throw error;
    }
  });

  // Read-only: `?Field=value` filters (AND), `limit` (1..1000, default 100) and `offset` (from 0).
  app.get("/companies/:realmId/:entity", (c) => {
    const { limit, offset, ...filters } = c.req.query();
    const outcome = deps.companies().browse({
      realmId: c.req.param("realmId"),
      entity: c.req.param("entity"),
      filters,
      limit: limit === undefined ? undefined : Number(limit),
      offset: offset === undefined ? undefined : Number(offset),
    });
    if (outcome.ok) return c.json(outcome.value);
    const { code, ...details } = outcome.error;
    const status = code === "unknown_realm" || code === "unknown_entity" ? 404 : 400;
    return c.json({ error: code, ...details }, status);
  });

  app.post("/reset", (c) => {
    deps.reset();
    return c.json({ companies: deps.companies().listCompanies(), clock: clockState(deps.clock) });
  });

  app.get("/webhooks/deliveries", async (c) => {
    if (c.req.query("wait") === "true") {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        deps.webhooks.whenIdle(),
        new Promise<void>((resolve) => timer = setTimeout(resolve, WEBHOOK_WAIT_LIMIT_MS)),
      ]);
      clearTimeout(timer);
    }
    return c.json({ deliveries: deps.webhooks.log.list(), backlog: deps.webhooks.backlog() });
  });
  app.delete("/webhooks/deliveries", (c) => {
    deps.webhooks.log.clear();
    return c.json({ deliveries: [] });
  });

  return app;
}

function clockState(clock: ControllableClock) {
  return { now: clock.now().toISOString(), mode: clock.mode };
}

async function parse<T>(
  c: Context,
  schema: z.ZodType<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: c.json({ error: "invalid_request", message: "Body must be JSON" }, 400) };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    return { ok: false, response: c.json({ error: "invalid_request", issues: result.error.issues }, 400) };
  }
  return { ok: true, value: result.data };
}
