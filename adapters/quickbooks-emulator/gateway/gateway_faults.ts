/**
 * Error bodies the QBO API gateway produces before a request reaches the accounting service:
 * the lower-case JSON envelope for 401/403 (exactly the shape of the recorded fixture
 * error__401__0.json), and QBO-like SystemFault bodies for injected 500/503.
 */
import type { AuthenticationResult } from "../contracts.ts";
import { formatGatewayTime } from "./service_time.ts";

type FailedAuthentication = Extract<AuthenticationResult, { ok: false }>;

function gatewayEnvelope(error: { message: string; detail: string; code: string }, type: string, time: Date) {
  return {
    warnings: null,
    intuitObject: null,
    fault: { error: [{ ...error, element: null }], type },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: time.getTime(),
    status: null,
    cdcresponse: [],
  };
}

function bearerToken(header: string | undefined): string {
  return /^Bearer\s+(\S+)/i.exec(header ?? "")?.[1] ?? "";
}

/** The `detail` text for each way a token can fail. */
export function authenticationDetail(
  reason: FailedAuthentication["reason"],
  header: string | undefined,
): string {
  const token = bearerToken(header);
  switch (reason) {
    case "missing":
      return "Authorization header is missing";
    case "malformed":
      return token.length >= 20 && token.length <= 4096 && /^Bearer\s/i.test(header ?? "")
        ? "Token invalid"
        : "Malformed bearer token: too short or too long";
    case "expired":
      return `Token expired: ${token.slice(0, 50)}`;
    case "revoked":
      return `Token revoked: ${token.slice(0, 50)}`;
    case "wrong_realm":
      return "Authorization failed for this company";
  }
}

/** 401 AuthenticationFailed (or 403 AuthorizationFailed for another realm's token). */
export function authenticationFaultResponse(
  failure: FailedAuthentication,
  header: string | undefined,
  now: Date,
): Response {
  const detail = authenticationDetail(failure.reason, header);
  const body = failure.reason === "wrong_realm"
    ? gatewayEnvelope(
      { message: "message=AuthorizationFailed; errorCode=003100; statusCode=403", detail, code: "3100" },
      "SERVICE",
      now,
    )
    : gatewayEnvelope(
      { message: "message=AuthenticationFailed; errorCode=003200; statusCode=401", detail, code: "3200" },
      "AUTHENTICATION",
      now,
    );
  return new Response(JSON.stringify(body), {
    status: failure.reason === "wrong_realm" ? 403 : 401,
    headers: { "content-type": "application/json;charset=UTF-8" },
  });
}

/** An injected server failure, shaped like QBO's SystemFault (code 10000, "resubmit once"). */
export function serviceFaultResponse(status: 500 | 503, now: Date): Response {
  const error = status === 500
    ? {
      Message: "An application error has occurred while processing your request",
      Detail:
        "System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again. If the problem persists, contact customer support.",
      code: "10000",
    }
    : {
      Message: "Service Unavailable",
      Detail: "The service is temporarily unavailable. Please wait a few minutes and try again.",
      code: "10000",
    };
  return new Response(
    JSON.stringify({ Fault: { Error: [error], type: "SystemFault" }, time: formatGatewayTime(now) }),
    {
      status,
      headers: { "content-type": "application/json;charset=UTF-8" },
    },
  );
}
