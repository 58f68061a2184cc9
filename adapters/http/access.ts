import type { MiddlewareHandler } from "hono";
import { requireRole, requireVisible } from "../../domain/access/authorize.ts";
import { type Permission, PermissionSchema } from "../../domain/access/permissions.ts";
import type { ApiEnv } from "./api_types.ts";

/**
 * Access is declared where a route is defined, as data the OpenAPI document shows: either
 * `...requires(permission)` (a bearer token whose role, narrowed by the user's stored grant, grants
 * the permission, or an API key whose scopes hold it; the schemes' scopes and
 * `x-required-permission` name it) or `...PUBLIC` (`security: []`: liveness, the OAuth
 * redirect, QuickBooks' signed webhook). `createApi` refuses to register a route that declares
 * neither, and enforces the declaration with the domain's one decision (`requireRole`); the use
 * case then checks the properties it touches and filters what it reads by the caller's scope.
 */
export const REQUIRED_PERMISSION = "x-required-permission";
/** Marks the two organization routes an organization that is not yet registered may call. */
export const UNREGISTERED_ORGANIZATION_ALLOWED = "x-unregistered-organization-allowed";

/** The declaration of a route that needs `permission`. */
export function requires(
  permission: Permission,
  options: { readonly unregisteredOrganizationAllowed?: boolean } = {},
) {
  return {
    security: [{ bearerAuth: [permission as string] }, { apiKeyAuth: [permission as string] }] as {
      [scheme: string]: string[];
    }[],
    [REQUIRED_PERMISSION]: permission,
    ...(options.unregisteredOrganizationAllowed ? { [UNREGISTERED_ORGANIZATION_ALLOWED]: true } : {}),
  };
}

/**
 * On an operation no property scope can narrow: a property-scoped caller is refused (FORBIDDEN
 * `needs_all_properties`), reads included (the QuickBooks pass-through; integration health, which is
 * organization-wide). The access matrix test reads it.
 */
export const PROPERTY_SCOPED_CALLERS = "x-property-scoped-callers";

/**
 * The declaration of an operation no property scope can narrow, and its enforcement with the
 * domain's decision, after the permission and before the request is validated (so the refusal does
 * not depend on what the request holds). The use case decides the same again.
 */
export function unscopedOnly(permission: Permission) {
  const refuseScoped: MiddlewareHandler<ApiEnv> = async (c, next) => {
    requireVisible(c.get("caller"), permission, null);
    await next();
  };
  return { [PROPERTY_SCOPED_CALLERS]: "refused", middleware: [refuseScoped] };
}

/** The declaration of a route anyone may call (it authenticates its caller another way, or not at all). */
export const PUBLIC = { security: [] as { [scheme: string]: string[] }[] };

/** What a route's config declares about access. */
export type DeclaredAccess =
  | { readonly kind: "public" }
  | {
    readonly kind: "permission";
    readonly permission: Permission;
    readonly unregisteredOrganizationAllowed: boolean;
  };

/** Reads a route's declaration; throws (at registration) when it declares none or an unknown permission. */
export function declaredAccess(route: Record<string, unknown>): DeclaredAccess {
  const where = `${String(route.method).toUpperCase()} ${String(route.path)}`;
  const permission = route[REQUIRED_PERMISSION];
  if (permission !== undefined) {
    const known = PermissionSchema.safeParse(permission);
    if (!known.success) throw new Error(`${where} requires an unknown permission: ${String(permission)}`);
    return {
      kind: "permission",
      permission: known.data,
      unregisteredOrganizationAllowed: route[UNREGISTERED_ORGANIZATION_ALLOWED] === true,
    };
  }
  if (Array.isArray(route.security) && route.security.length === 0) return { kind: "public" };
  throw new Error(`${where} declares no access: spread requires(permission) or PUBLIC into its route`);
}

/** The middleware that enforces a route's declaration, run before its request is validated. */
export function accessMiddleware(
  access: DeclaredAccess,
  deps: {
    readonly authenticate: MiddlewareHandler<ApiEnv>;
    /** Counts and decides the call against the caller's rate limits, right after authentication. */
    readonly limit?: MiddlewareHandler<ApiEnv>;
    /** Runs the rest on behalf of the caller's API key (its QuickBooks usage). */
    readonly attribute?: MiddlewareHandler<ApiEnv>;
    readonly requireOrganization?: (orgId: string) => Promise<void>;
  },
): MiddlewareHandler<ApiEnv>[] {
  if (access.kind === "public") return [];
  const permit: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const caller = c.get("caller");
    if (deps.requireOrganization && !access.unregisteredOrganizationAllowed) {
      await deps.requireOrganization(caller.orgId);
    }
    requireRole(caller, access.permission);
    await next();
  };
  return [deps.authenticate, deps.limit, deps.attribute, permit].filter((m): m is MiddlewareHandler<ApiEnv> =>
    m !== undefined
  );
}
