import type { ErrorCode } from "../../domain/errors.ts";
import { type DeclaredAccess, declaredAccess } from "./access.ts";
import { statusForCode } from "./error_status.ts";

/**
 * Which errors an operation answers with is derived, never listed by hand per response: from the
 * route's access declaration (authentication, the permission, the organization gate), from what its
 * request carries (parameters and bodies are validated; JSON bodies can be malformed, too large or
 * of another media type) and from the one thing only the route knows, the codes of the use case it
 * calls, declared with `...raises(...)` next to `...requires(...)`. `createApi` turns the set into
 * the operation's error responses (one per status of the one code->status table, each listing its
 * codes) and `x-error-codes`; tests/adapters/http/error_codes_test.ts provokes every code and checks
 * that what the service answers is what the document declares.
 */
export const RAISES = "x-raises";
/** On an operation and on each of its error responses: the codes it can answer with. */
export const ERROR_CODES_EXTENSION = "x-error-codes";

/** The declaration of the error codes a route's use case can answer with (beyond the derived ones). */
export function raises(...codes: ErrorCode[]): { [RAISES]: ErrorCode[] } {
  return { [RAISES]: codes };
}

/**
 * What a use case that calls QuickBooks while the request waits can answer with: credentials
 * refused, re-authorization needed, throttled, unavailable (the gateway's codes).
 */
export const QUICKBOOKS_CALL_ERRORS: readonly ErrorCode[] = ["QB001", "QB002", "QB003", "QB007"];

/** What one code means to a caller, for the response descriptions (CommonMark). */
const MEANING: Readonly<Record<ErrorCode, string>> = {
  QB001: "QuickBooks rejected the connection's credentials",
  QB002: "the QuickBooks connection must be authorized again (`POST /connect`)",
  QB003: "QuickBooks throttled the call, or the company's rate budget is spent; retry later",
  QB004: "QuickBooks rejected what was sent",
  QB005: "a sync conflict: both sides changed the same data",
  QB006: "an account mapping is missing",
  QB007:
    "QuickBooks is unavailable (its errors, the network or the company's open circuit breaker); retry later",
  QB008: "the automation workflow run failed (`details.cause` says why)",
  QB009: "a payload's money disagrees with its record",
  VALIDATION_FAILED: "the request is invalid; `details.issues` names each field",
  INVALID_JSON: "the body is not valid JSON",
  PAYLOAD_TOO_LARGE: "the body exceeds the size limit",
  UNSUPPORTED_MEDIA_TYPE: "the body's `Content-Type` is not one the operation takes",
  AUTH_MISSING_TOKEN: "no bearer token",
  AUTH_INVALID_TOKEN: "the bearer token is invalid (`details.reason` says why)",
  AUTH_TOKEN_EXPIRED: "the bearer token has expired",
  FORBIDDEN: "the caller's role, stored access grant, API key scopes or property scope do not allow it",
  ORG_ACCESS_DENIED: "the organization is not the caller's",
  API_KEY_IP_DENIED: "the API key may not be used from the client's address (its IP allow-list)",
  NOT_FOUND: "the caller's organization is not registered (`PUT /organization`), or what the request names " +
    "does not exist",
  CONFLICT: "the request conflicts with the current state",
  QBO_ID_ALREADY_LINKED: "the QuickBooks object is already linked to another record",
  RATE_LIMITED:
    "a rate limit or daily quota of the caller is reached (`details.policy`); retry after `Retry-After` " +
    "seconds (the `RateLimit` and `RateLimit-Policy` headers tell the state of each limit)",
  CONFIG_INVALID: "the service is not configured for this",
  OAUTH_STATE_INVALID: "the OAuth `state` is unknown, expired or already used",
  LEASE_LOST: "a background job's lease passed to another worker (not answered by the API)",
  OAUTH_ACCESS_DENIED: "the user declined on the QuickBooks consent page",
  OAUTH_AUTHORIZATION_FAILED: "QuickBooks did not authorize the connection (another `error=` came back)",
  RETURN_URL_NOT_ALLOWED: "the `return_url` is not in `OAUTH_RETURN_URL_ALLOWLIST`",
  MAPPING_ACCOUNT_INVALID:
    "a mapped account does not fit the connected company (`details.problems[]`: not_found, inactive or wrong_type)",
  TRACKING_NOT_SUPPORTED:
    "the settings track properties as Classes or Locations and the QuickBooks company has that tracking turned off",
  WEBHOOK_SIGNATURE_INVALID: "the `intuit-signature` header does not match the body",
  INTERNAL_ERROR: "an unexpected error (`details.request_id` identifies it in the logs)",
};

const STATUS_TITLE: Readonly<Record<number, string>> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable",
  429: "Too many requests",
  500: "Internal error",
  502: "Bad gateway",
  503: "Service unavailable",
};

interface RouteShape {
  readonly request?: {
    readonly params?: unknown;
    readonly query?: unknown;
    readonly headers?: unknown;
    readonly body?: { readonly content?: Record<string, unknown> };
  };
  readonly [RAISES]?: readonly ErrorCode[];
}

const AUTHENTICATION: readonly ErrorCode[] = [
  "AUTH_MISSING_TOKEN",
  "AUTH_INVALID_TOKEN",
  "AUTH_TOKEN_EXPIRED",
];

/**
 * The codes the access declaration implies: authentication, the permission (a role, a stored grant
 * or an API key's scopes can lack any permission), an API key's IP allow-list, the consumer rate
 * limits, the organization gate.
 */
function accessCodes(access: DeclaredAccess): ErrorCode[] {
  if (access.kind === "public") return [];
  return [
    ...AUTHENTICATION,
    "FORBIDDEN",
    "API_KEY_IP_DENIED",
    "RATE_LIMITED",
    ...(access.unregisteredOrganizationAllowed ? [] : ["NOT_FOUND" as const]),
  ];
}

/** The codes the request's parts imply: validation, and for bodies their size, syntax and media type. */
function requestCodes(route: RouteShape): ErrorCode[] {
  const request = route.request ?? {};
  const codes: ErrorCode[] = [];
  if (request.params || request.query || request.headers) codes.push("VALIDATION_FAILED");
  const media = Object.keys(request.body?.content ?? {});
  if (media.length > 0) codes.push("PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE");
  if (media.some((m) => m.includes("json"))) codes.push("VALIDATION_FAILED", "INVALID_JSON");
  return codes;
}

/** Every code the operation `route` can answer with, in the order of the code->status table. */
export function errorCodesOf(route: RouteShape & Record<string, unknown>): ErrorCode[] {
  const all = new Set<ErrorCode>([
    ...accessCodes(declaredAccess(route)),
    ...requestCodes(route),
    ...(route[RAISES] ?? []),
    "INTERNAL_ERROR",
  ]);
  return [...all].sort((a, b) => statusForCode(a) - statusForCode(b) || a.localeCompare(b));
}

/** The error responses of `codes`: one per status, describing each code, its `error.code` an enum of them. */
export function errorResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    byStatus.set(statusForCode(code), [...(byStatus.get(statusForCode(code)) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, inStatus]) => [String(status), {
    description: `${STATUS_TITLE[status] ?? "Error"}:\n\n${
      inStatus.map((code) => `- \`${code}\`: ${MEANING[code]}`).join("\n")
    }`,
    [ERROR_CODES_EXTENSION]: inStatus,
    content: {
      "application/json": {
        schema: {
          allOf: [
            { $ref: "#/components/schemas/ErrorEnvelope" },
            {
              type: "object",
              properties: {
                error: {
                  type: "object",
                  properties: { code: { type: "string", enum: inStatus } },
                  required: ["code"],
                },
              },
              required: ["error"],
            },
          ],
        },
      },
    },
  }]));
}

/**
 * `route` with its error responses and `x-error-codes` derived. A route may document a status of
 * its own (readiness answers 503 with its checks) only where no error code lands.
 */
export function withErrorResponses<R extends RouteShape & { readonly responses: Record<string, unknown> }>(
  route: R,
): R {
  const codes = errorCodesOf(route as R & Record<string, unknown>);
  const errors = errorResponses(codes);
  const where = `${String((route as Record<string, unknown>).method).toUpperCase()} ${
    String((route as Record<string, unknown>).path)
  }`;
  for (const status of Object.keys(route.responses)) {
    if (status in errors) {
      throw new Error(`${where} documents ${status} itself: its error responses are derived`);
    }
  }
  const { [RAISES]: _declared, ...rest } = route;
  return {
    ...rest,
    [ERROR_CODES_EXTENSION]: codes,
    responses: { ...route.responses, ...errors },
  } as unknown as R;
}
