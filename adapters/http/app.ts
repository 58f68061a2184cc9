import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { matchedRoutes } from "hono/route";
import { Scalar } from "@scalar/hono-api-reference";
import { DomainError } from "../../domain/errors.ts";
import type { Logger } from "../../domain/ports/logger.ts";
import type { ServiceMetrics } from "../../domain/ports/metrics.ts";
import type { ApiApp, ApiEnv } from "./api_types.ts";
import { accessMiddleware, declaredAccess } from "./access.ts";
import { type Authentication, requireAuth, type TokenVerifier } from "./auth.ts";
import { clientAddressResolver, type ConnectionInfo } from "./client_address.ts";
import type { IpRange } from "../../domain/ports/ip_addresses.ts";
import type { CallAttribution } from "../../domain/ports/call_attribution.ts";
import {
  applyRateDecision,
  attributionMiddleware,
  type RateLimiting,
  rateLimitMiddleware,
} from "./rate_limit.ts";
import { createErrorHandler, notFoundHandler } from "./error_handler.ts";
import { ErrorEnvelopeSchema } from "./envelope.ts";
import { withErrorResponses } from "./error_responses.ts";
import { renderDocsPage } from "./docs_page.ts";
import { type MetricsEndpoint, registerMetricsRoute } from "./metrics_route.ts";
import { registerRecordComponents } from "./record_schemas.ts";
import { requestId } from "./request_id.ts";
import { strictRoute } from "./strict_body.ts";
import { type HealthServices, registerHealthRoutes } from "./routes/health.ts";
import { type OrganizationServices, registerOrganizationRoutes } from "./routes/organizations.ts";

/** Base paths the API is served under; both serve the same routes. */
export const API_BASE_PATHS = ["/api/quickbooks", "/api/v1/quickbooks"] as const;

/** Everything the HTTP adapter needs, injected by the composition root. */
export interface HttpDependencies {
  readonly logger: Logger;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly verifyToken: TokenVerifier;
  /** Stored grants narrowing tokens, and API keys (absent: tokens alone, keys refused). */
  readonly credentials?: Pick<Authentication, "narrowCaller" | "authenticateApiKey">;
  /** The runtime's connection info, for the client's address (absent: unknown, as in-process). */
  readonly connectionInfo?: ConnectionInfo;
  /** Proxies whose `X-Forwarded-For` is believed (config TRUSTED_PROXIES). */
  readonly trustedProxies?: readonly IpRange[];
  /** Consumer rate limits of authenticated calls (absent: none). */
  readonly rateLimiting?: RateLimiting;
  /** Carries an API key's id through its request (its QuickBooks usage is counted against it). */
  readonly attribution?: CallAttribution;
  readonly maxBodyBytes: number;
  readonly services: HealthServices & OrganizationServices;
  /**
   * Refuses an organization that was never registered (NOT_FOUND); run before every authenticated
   * route except those declared open to an unregistered organization (its own registration and read).
   */
  readonly requireOrganization?: (orgId: string) => Promise<void>;
  /** Extra route modules (added by features) registered on the API app. */
  readonly routeModules?: ReadonlyArray<(api: ApiApp) => void>;
  /** Every request served (mounts excepted) is counted and timed here by its route template. */
  readonly metrics?: ServiceMetrics;
  /** `GET /metrics` (absent: no such route). */
  readonly metricsEndpoint?: MetricsEndpoint;
  /** Other Hono apps mounted at a path (e.g. the built-in QuickBooks emulator). */
  // deno-lint-ignore no-explicit-any
  readonly mounts?: ReadonlyArray<{ path: string; app: Hono<any, any, any> }>;
}

/** Builds the OpenAPI-documented API (without base path), shared by both mounts and the spec generator. */
export function createApi(deps: HttpDependencies): ApiApp {
  const api: ApiApp = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        // An unknown key is reported at its own path ("json.realmId"), one issue per key.
        const issues = result.error.issues.flatMap((i): { path: string; message: string; code: string }[] =>
          i.code === "unrecognized_keys"
            ? i.keys.map((key) => ({
              path: [result.target, ...i.path.map(String), key].join("."),
              message: `unknown field "${key}" is not allowed`,
              code: i.code,
            }))
            : [{ path: [result.target, ...i.path.map(String)].join("."), message: i.message, code: i.code }]
        );
        throw new DomainError(
          "VALIDATION_FAILED",
          `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
          { issues },
        );
      }
    },
  });
  // Every route is registered through here: strict bodies and query, the access its definition
  // declares (authentication, the organization gate, the permission) run before it, and its error
  // responses derived from that declaration, its request and the codes it `raises`.
  const register = api.openapi.bind(api);
  const rateLimiting = deps.rateLimiting;
  const authenticate = requireAuth({
    verifyToken: deps.verifyToken,
    ...deps.credentials,
    onFailure: rateLimiting
      ? async (c, address) => applyRateDecision(c, await rateLimiting.admitFailedAuthentication(address))
      : undefined,
    clientAddress: clientAddressResolver({
      connectionInfo: deps.connectionInfo,
      trustedProxies: deps.trustedProxies ?? [],
    }),
  });
  const limit = deps.rateLimiting ? rateLimitMiddleware(deps.rateLimiting) : undefined;
  const attribute = deps.attribution ? attributionMiddleware(deps.attribution) : undefined;
  api.openapi = ((route: Parameters<typeof register>[0], ...rest: unknown[]) => {
    const access = declaredAccess(route as unknown as Record<string, unknown>);
    const middleware = accessMiddleware(access, {
      authenticate,
      limit,
      attribute,
      requireOrganization: deps.requireOrganization,
    });
    const own = route.middleware
      ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware])
      : [];
    // deno-lint-ignore no-explicit-any
    return (register as any)(
      { ...withErrorResponses(strictRoute(route)), middleware: [...middleware, ...own] },
      ...rest,
    );
  }) as typeof api.openapi;
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "HS256 or RS256/ES256 JWT with `sub`, `org`, `role` and `exp` claims, and optionally " +
      "`property_ids` (a non-empty list: the caller acts on those properties only), narrowed by the user's " +
      "stored access grant; or an API key (`eck_live_...` / `eck_test_...`) as the bearer token. Each operation " +
      "names the permission it needs as its scope and in `x-required-permission`.",
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "apiKeyAuth", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "An API key (`POST /enterprise/api-keys`); its scopes must hold the operation's permission.",
  });
  // Referenced by every derived error response.
  api.openAPIRegistry.register("ErrorEnvelope", ErrorEnvelopeSchema);
  registerRecordComponents(api.openAPIRegistry);
  registerHealthRoutes(api, deps.services, deps.now);
  registerOrganizationRoutes(api, deps.services, deps.now);
  for (const register of deps.routeModules ?? []) register(api);
  return api;
}

/** The OpenAPI 3.1 document of the API. */
export function openApiDocument(api: ApiApp) {
  return api.getOpenAPI31Document({
    openapi: "3.1.0",
    info: {
      title: "EstateCore QuickBooks Online Integration API",
      version: "1.0.0",
      description:
        "Connects EstateCore organizations to QuickBooks Online: OAuth connections, two-way sync, " +
        "automation and reconciliation. Every response uses the envelope {success, data, error, timestamp}.",
    },
    servers: API_BASE_PATHS.map((url) => ({ url })),
  });
}

/** The whole HTTP application: middleware, both API mounts, the spec, the docs page and extra mounts. */
export function createHttpApp(deps: HttpDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const onError = createErrorHandler(deps.logger, deps.now);
  app.onError(onError);
  app.notFound(notFoundHandler(deps.now));

  // The mounts answer before this middleware runs: the emulator's traffic is QuickBooks', not ours.
  for (const m of deps.mounts ?? []) app.route(m.path, m.app);
  if (deps.metrics) app.use("*", httpMetrics(deps.metrics));

  app.use("/api/*", requestId(deps.newId));
  app.use("/api/*", async (c, next) => {
    const started = performance.now();
    await next();
    deps.logger.info("request", {
      request_id: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Math.round(performance.now() - started),
    });
  });
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: () => {
        throw new DomainError("PAYLOAD_TOO_LARGE", `The request body exceeds ${deps.maxBodyBytes} bytes`, {
          max_bytes: deps.maxBodyBytes,
        });
      },
    }),
  );

  const api = createApi(deps);
  api.onError(onError);
  const spec = openApiDocument(api);
  const docsHtml = renderDocsPage(
    spec as Parameters<typeof renderDocsPage>[0],
    "/api/quickbooks/openapi.json",
    API_BASE_PATHS,
  );
  for (const base of API_BASE_PATHS) {
    app.get(`${base}/openapi.json`, (c) => c.json(spec));
    app.get(`${base}/docs`, (c) => c.html(docsHtml));
    app.route(base, api);
  }
  app.get("/openapi.json", (c) => c.json(spec));
  app.get("/docs", (c) => c.html(docsHtml));
  app.get(
    "/docs/interactive",
    Scalar({ url: "/api/quickbooks/openapi.json", pageTitle: "EstateCore QuickBooks API" }),
  );
  app.get("/", (c) => c.redirect("/docs"));
  if (deps.metricsEndpoint) registerMetricsRoute(app, deps.metricsEndpoint);
  return app;
}

/** The label of a request no route handles (only middleware patterns such as `/api/*` matched it). */
export const UNMATCHED_ROUTE = "unmatched";

/**
 * Counts and times each request by method, status and the template of the route that handles it
 * (Hono's matched route path, `/api/quickbooks/sync/jobs/:job_id`; the first matched route of a
 * method, as Hono runs them, so a request refused by middleware first still counts under it),
 * never the raw path.
 */
function httpMetrics(metrics: ServiceMetrics): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = matchedRoutes(c).find((r) => r.method !== "ALL")?.path ?? UNMATCHED_ROUTE;
      metrics.httpRequest({
        method: c.req.method,
        route,
        status: c.res.status,
        seconds: (performance.now() - started) / 1000,
      });
    }
  };
}
