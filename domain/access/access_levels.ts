import { z } from "zod";
import { type Permission, PermissionSchema } from "./permissions.ts";

/**
 * The access levels a stored user grant names (the original product's `read_only`, `basic`,
 * `advanced`, `full_access`, `admin`). Each is a set of permissions; a grant narrows a token to the
 * permissions its role AND its level hold, so a level never gives a user more than the token's role.
 */
export const AccessLevelSchema = z.enum(["read_only", "basic", "advanced", "full_access", "admin"]);
export type AccessLevel = z.infer<typeof AccessLevelSchema>;

/** The permissions that administer access itself: only the `admin` level holds them. */
export const ADMINISTRATIVE_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  "access:manage",
  "api_keys:manage",
]);

/** Every reading permission but the audit trail's and QuickBooks pass-through's (granted from `advanced` up). */
const READS: readonly Permission[] = PermissionSchema.options.filter((p) =>
  p.endsWith(":read") && p !== "audit:read" && p !== "qbo:read"
);
const BASIC: readonly Permission[] = [...READS, "records:write", "sync:run"];

/**
 * The permissions of each access level, written out so the README table (tested cell for cell)
 * and this policy are the same thing.
 *
 * @example
 * ```ts
 * ACCESS_LEVEL_PERMISSIONS.basic.has("records:write"); // true
 * ACCESS_LEVEL_PERMISSIONS.full_access.has("api_keys:manage"); // false
 * ```
 */
export const ACCESS_LEVEL_PERMISSIONS: Readonly<Record<AccessLevel, ReadonlySet<Permission>>> = {
  read_only: new Set(READS),
  basic: new Set(BASIC),
  advanced: new Set<Permission>([
    ...BASIC,
    "conflicts:resolve",
    "mappings:write",
    "reconcile:run",
    "audit:read",
    "qbo:read",
  ]),
  full_access: new Set(PermissionSchema.options.filter((p) => !ADMINISTRATIVE_PERMISSIONS.has(p))),
  admin: new Set(PermissionSchema.options),
};
