/**
 * Composition of the QuickBooks pass-through: the `/qbo/{entity}` and `/qbo/reports/{report}`
 * routes over their use cases, on the same resilient gateway the sync uses (the connection's tokens,
 * the realm's shared rate budget, retries and breaker).
 */
import type { ApiApp } from "../../adapters/http/api_types.ts";
import { registerQuickBooksPassThroughRoutes } from "../../adapters/http/routes/qbo_passthrough.ts";
import type { PassThroughDependencies } from "../quickbooks_passthrough/passthrough_company.ts";
import { queryQuickBooks } from "../quickbooks_passthrough/query_quickbooks.ts";
import { quickBooksReport } from "../quickbooks_passthrough/quickbooks_report.ts";
import { readQuickBooks } from "../quickbooks_passthrough/read_quickbooks.ts";
import { writeQuickBooks } from "../quickbooks_passthrough/write_quickbooks.ts";

export function wireQuickBooksPassThrough(deps: PassThroughDependencies): {
  readonly routeModules: ReadonlyArray<(api: ApiApp) => void>;
} {
  const now = () => deps.clock.now();
  const routeModules = [(api: ApiApp) =>
    registerQuickBooksPassThroughRoutes(api, {
      query: (caller, request) => queryQuickBooks(deps, caller, request),
      read: (caller, request) => readQuickBooks(deps, caller, request),
      write: (caller, request, requestId) => writeQuickBooks(deps, caller, request, requestId),
      report: (caller, request) => quickBooksReport(deps, caller, request),
    }, now)];
  return { routeModules };
}
