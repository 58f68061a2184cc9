import type { Caller } from "../access/authorize.ts";

/**
 * Who an audit record names for a caller: `user:<sub>` for a person's token. Work done on no
 * caller's behalf names the process instead (`system:worker`, `system:scheduler`).
 *
 * @example
 * ```ts
 * actorOf({ orgId: "org-1", userId: "u-1", role: "admin" }); // "user:u-1"
 * ```
 */
export function actorOf(caller: Caller): string {
  return `user:${caller.userId}`;
}
