import { z } from "zod";

/**
 * What a caller may do. `:read` permissions only look; the others change books, links or
 * settings. Names follow `area:verb`. `access:manage` (user access grants) and `api_keys:manage`
 * (API keys) administer who may do the rest; an API key can never hold them (api_key.ts).
 */
export const PermissionSchema = z.enum([
  "connections:read",
  "connections:manage",
  "records:write",
  "sync:read",
  "sync:run",
  "conflicts:resolve",
  "mappings:read",
  "mappings:write",
  "settings:read",
  "settings:write",
  "reconcile:read",
  "reconcile:run",
  "automation:read",
  "automation:manage",
  "audit:read",
  "access:manage",
  "api_keys:manage",
  "webhooks:manage",
  "qbo:read",
  "qbo:write",
]);
export type Permission = z.infer<typeof PermissionSchema>;

/**
 * True for permissions that only read. A property-scoped caller may use them organization-wide
 * (the use case then filters results to the caller's properties), but not the writing ones.
 *
 * @example
 * ```ts
 * isReadPermission("sync:read"); // true
 * isReadPermission("sync:run"); // false
 * ```
 */
export function isReadPermission(permission: Permission): boolean {
  return permission.endsWith(":read");
}
