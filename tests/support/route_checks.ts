/**
 * What every in-process route test checks the same way: the response envelope of a success and
 * of a failure, the validation issues a VALIDATION_FAILED names, and who a route lets in (the
 * permission its OpenAPI definition declares, the answer without a token and the answer per role).
 */
import assert from "node:assert/strict";
import type { Permission } from "../../domain/access/permissions.ts";
import { type Role, ROLE_PERMISSIONS, RoleSchema } from "../../domain/access/roles.ts";
import { API_BASE, type Body, type Json } from "./api_call.ts";
import { authHeader, signTestToken } from "./service.ts";

type App = { request: (url: string, init?: RequestInit) => Response | Promise<Response> };

/** A parsed answer with its headers (the request id travels in `X-Request-Id`). */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body & { timestamp: string };
}

/** One JSON call through `app.request`, answered with status, headers and the parsed envelope. */
export async function send(
  app: App,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const res = await app.request(`${API_BASE}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Asserts a success envelope with `status`; returns its `data`. */
export function assertSuccess(res: { status: number; body: Body }, status: number): Json {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.success, true);
  assert.equal(res.body.error, null);
  assert.match(String((res.body as { timestamp?: unknown }).timestamp), ISO_INSTANT);
  return res.body.data;
}

/** Asserts a failure envelope with `status` and `code` (and a message); returns its `error`. */
export function assertFailure(
  res: { status: number; body: Body },
  status: number,
  code: string,
): NonNullable<Body["error"]> {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.success, false);
  assert.equal(res.body.data, null);
  assert.equal(res.body.error?.code, code, JSON.stringify(res.body.error));
  assert.equal(typeof res.body.error?.message, "string");
  assert.match(String((res.body as { timestamp?: unknown }).timestamp), ISO_INSTANT);
  return res.body.error!;
}

/** The paths of the issues a VALIDATION_FAILED (400) names, in order. */
export function validationPaths(res: { status: number; body: Body }): string[] {
  const error = assertFailure(res, 400, "VALIDATION_FAILED");
  return (error.details?.issues ?? []).map((i: { path: string }) => i.path);
}

/** The permission the live OpenAPI document declares for an operation (`x-required-permission`). */
export async function declaredPermission(app: App, method: string, template: string): Promise<unknown> {
  const spec = await (await app.request(`${API_BASE}/openapi.json`)).json();
  const operation = spec.paths?.[template]?.[method.toLowerCase()];
  assert.ok(operation, `${method} ${template} is in the document`);
  return operation["x-required-permission"];
}

/**
 * How a route answers each caller: `anonymous` (no Authorization header) and every role of
 * org-a, as "<status> <code>" ("<status>" on success). A refusal for a missing permission reads
 * "403 FORBIDDEN <permission>". Send a body the route refuses to see that access is decided before
 * validation and that nothing runs for the roles let in.
 */
export async function accessAnswers(
  app: App,
  method: string,
  path: string,
  body?: unknown,
  roles: readonly Role[] = RoleSchema.options,
): Promise<Record<string, string>> {
  const describe = (res: Answer) => {
    const code = res.body.error?.code;
    if (!code) return String(res.status);
    const permission = res.status === 403 ? res.body.error?.details?.permission : undefined;
    return [res.status, code, permission].filter((p) => p !== undefined).join(" ");
  };
  const answers: Record<string, string> = { anonymous: describe(await send(app, method, path, {}, body)) };
  for (const role of roles) {
    answers[role] = describe(await send(app, method, path, await authHeader("org-a", role), body));
  }
  return answers;
}

/**
 * What `accessAnswers` must show for an operation needing `permission`: 401 without a token,
 * `granted` for the roles the policy (ROLE_PERMISSIONS) gives it, 403 FORBIDDEN for the others.
 */
export function expectedAccess(permission: Permission, granted: string): Record<string, string> {
  const answers: Record<string, string> = { anonymous: "401 AUTH_MISSING_TOKEN" };
  for (const role of RoleSchema.options) {
    answers[role] = ROLE_PERMISSIONS[role].has(permission) ? granted : `403 FORBIDDEN ${permission}`;
  }
  return answers;
}

/** What `accessAnswers` must show for an operation every role may use: 401 without a token, else `answer`. */
export function sameForEveryRole(answer: string): Record<string, string> {
  return {
    anonymous: "401 AUTH_MISSING_TOKEN",
    ...Object.fromEntries(RoleSchema.options.map((role) => [role, answer])),
  };
}

/** The Authorization header of a caller limited to some properties (`property_ids` claim). */
export async function scopedHeader(
  org: string,
  role: Role,
  propertyIds: readonly string[],
): Promise<Record<string, string>> {
  const token = await signTestToken({ sub: `${role}-scoped`, org, role, property_ids: [...propertyIds] });
  return { Authorization: `Bearer ${token}` };
}
