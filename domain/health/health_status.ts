/**
 * The health states of an organization's integration and of each of its QuickBooks companies, in
 * the order a caller should worry about them, and what an issue weighs.
 */
export const HEALTH_STATUSES = [
  "healthy",
  "degraded",
  "unhealthy",
  "needs_reauthorization",
  "not_connected",
] as const;
export type HealthStatus = typeof HEALTH_STATUSES[number];

/** `warning` degrades a company, `critical` makes it unhealthy; `info` never changes a status. */
export const ISSUE_SEVERITIES = ["info", "warning", "critical"] as const;
export type IssueSeverity = typeof ISSUE_SEVERITIES[number];

/** The parts of the integration an issue belongs to (the seed's component names). */
export const HEALTH_COMPONENTS = [
  "connection",
  "quickbooks_api",
  "sync",
  "automation",
  "data_quality",
  "outbound_webhooks",
] as const;
export type HealthComponent = typeof HEALTH_COMPONENTS[number];

const RANK: Readonly<Record<HealthStatus, number>> = {
  healthy: 0,
  degraded: 1,
  unhealthy: 2,
  needs_reauthorization: 3,
  not_connected: -1,
};

/**
 * The organization's status from its companies': the worst of the connected (or re-authorization
 * needing) ones; `not_connected` when none is, because a disconnected company is a choice, not a
 * failure.
 *
 * @example
 * ```ts
 * overallStatus(["healthy", "degraded"]); // "degraded"
 * overallStatus(["not_connected", "healthy"]); // "healthy"
 * overallStatus([]); // "not_connected"
 * ```
 */
export function overallStatus(statuses: readonly HealthStatus[]): HealthStatus {
  let worst: HealthStatus = "not_connected";
  for (const status of statuses) if (RANK[status] > RANK[worst]) worst = status;
  return worst;
}

/**
 * A company's status from its connection and the issues that count (held long enough): a
 * disconnected company is `not_connected` and one whose tokens are gone `needs_reauthorization`,
 * whatever else is wrong; otherwise a critical issue makes it `unhealthy`, a warning `degraded`.
 *
 * @example
 * ```ts
 * companyStatus("connected", ["warning", "info"]); // "degraded"
 * companyStatus("needs_reauthorization", []); // "needs_reauthorization"
 * ```
 */
export function companyStatus(
  connection: "connected" | "needs_reauthorization" | "disconnected",
  counted: readonly IssueSeverity[],
): HealthStatus {
  if (connection === "disconnected") return "not_connected";
  if (connection === "needs_reauthorization") return "needs_reauthorization";
  if (counted.includes("critical")) return "unhealthy";
  if (counted.includes("warning")) return "degraded";
  return "healthy";
}
