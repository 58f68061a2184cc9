import { z } from "zod";
import { type Permission, PermissionSchema } from "./permissions.ts";

/**
 * Roles: `admin` runs the integration (connections, automation, settings); `accountant` owns the
 * books side (mappings, reconciliation, conflicts, audit); `property_manager` pushes and syncs the
 * records of their properties; `viewer` reads; `service` is the EstateCore platform calling
 * machine-to-machine (pushes records, runs syncs and reconciliations, reads results). QuickBooks
 * pass-through (`qbo:read`, `qbo:write`) reaches the whole company's books: the accountant and the
 * platform read them, only the admin writes.
 */
export const RoleSchema = z.enum(["admin", "accountant", "property_manager", "viewer", "service"]);
export type Role = z.infer<typeof RoleSchema>;

/** Every reading permission but the audit trail's and QuickBooks pass-through's, which are granted by name. */
const READS: readonly Permission[] = PermissionSchema.options.filter((p) =>
  p.endsWith(":read") && p !== "audit:read" && p !== "qbo:read"
);

/**
 * The permissions of each role, written out so a reviewer can read the whole policy in one place.
 *
 * @example
 * ```ts
 * ROLE_PERMISSIONS.accountant.has("mappings:write"); // true
 * ROLE_PERMISSIONS.viewer.has("sync:run"); // false
 * ```
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(PermissionSchema.options),
  accountant: new Set<Permission>([
    ...READS,
    "audit:read",
    "qbo:read",
    "sync:run",
    "conflicts:resolve",
    "mappings:write",
    "reconcile:run",
  ]),
  property_manager: new Set<Permission>([...READS, "records:write", "sync:run"]),
  viewer: new Set<Permission>(READS),
  service: new Set<Permission>([...READS, "qbo:read", "records:write", "sync:run", "reconcile:run"]),
};
