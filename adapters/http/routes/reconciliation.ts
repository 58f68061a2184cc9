import { createRoute, z } from "@hono/zod-openapi";
import { requires } from "../access.ts";
import { QUICKBOOKS_CALL_ERRORS, raises } from "../error_responses.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";

const Discrepancy = z.object({
  type: z.string().openapi({ example: "amount_mismatch" }),
  description: z.string(),
  estatecore_id: z.string().nullable(),
  quickbooks_id: z.string().nullable(),
  estatecore_value: z.union([z.string(), z.number()]).nullable(),
  quickbooks_value: z.union([z.string(), z.number()]).nullable(),
  amount: z.number().openapi({ description: "Amount at stake, in currency units" }),
  amount_cents: z.number().int(),
  auto_resolvable: z.boolean(),
  action: z.enum(["push_missing", "relink", "void_duplicate", "update_quickbooks", "review"]),
  requires_confirmation: z.boolean(),
  related_id: z.string().nullable(),
  balance: z.string().nullable(),
}).openapi("ReconciliationDiscrepancy");

const Side = z.object({ count: z.number().int(), amount: z.number() });
export const ReconciliationReportView = z.object({
  id: z.string(),
  realm_id: z.string(),
  created_at: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  property_ids: z.array(z.string()).nullable(),
  discrepancies_found: z.number().int(),
  discrepancies: z.array(Discrepancy),
  counts_by_type: z.record(z.string(), z.number().int()),
  totals: z.object({
    estatecore: Side,
    quickbooks: Side,
    matched: Side.extend({ clean_count: z.number().int(), clean_amount: z.number() }),
  }),
  integrity_score: z.object({ by_count: z.number(), by_amount: z.number() }),
  resolved_at: z.string().nullable(),
  after_report_id: z.string().nullable(),
}).openapi("ReconciliationReport");
export type ReconciliationReportView = z.infer<typeof ReconciliationReportView>;

const Step = z.object({
  type: z.string(),
  action: z.string(),
  estatecore_id: z.string().nullable(),
  quickbooks_id: z.string().nullable(),
  outcome: z.string(),
});
const ResolveView = z.object({
  before: ReconciliationReportView,
  after: ReconciliationReportView,
  applied: z.array(Step),
  left_for_review: z.array(Step),
  push: z.object({ writes: z.number().int(), failed: z.number().int() }),
}).openapi("ReconciliationResolution");

const Check = z.object({ count: z.number().int(), items: z.array(z.record(z.string(), z.unknown())) });
const DataQualityView = z.object({
  latest_report_id: z.string().nullable(),
  integrity: z.object({ by_count: z.number(), by_amount: z.number() }).nullable(),
  trend: z.array(z.object({
    report_id: z.string(),
    created_at: z.string(),
    by_count: z.number(),
    by_amount: z.number(),
  })),
  open_discrepancies_by_type: z.record(z.string(), z.number().int()),
  checks: z.object({
    tenants_without_customer: Check,
    invoices_missing_tracking: Check,
    deposits_booked_as_income: Check,
    payments_in_undeposited_funds: Check,
  }),
}).openapi("DataQuality");

const ReconcileRequest = z.object({
  period_days: z.number().int().min(1).max(3660).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  property_ids: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
  realm_id: z.string().min(1).max(32).optional(),
}).openapi("ReconcileRequest");

/** What the reconciliation routes need from the application. */
export interface ReconciliationServices {
  reconcile(
    caller: Caller,
    input: z.infer<typeof ReconcileRequest>,
    requestId: string,
  ): Promise<ReconciliationReportView>;
  getReport(caller: Caller, id: string): Promise<ReconciliationReportView>;
  resolve(
    caller: Caller,
    id: string,
    input: { confirm_void_ids: string[] },
    requestId: string,
  ): Promise<z.infer<typeof ResolveView>>;
  dataQuality(
    caller: Caller,
    query: { undeposited_days: number; period_days: number; realm_id?: string },
  ): Promise<z.infer<typeof DataQualityView>>;
}

export function registerReconciliationRoutes(
  api: ApiApp,
  services: ReconciliationServices,
  now: () => Date,
): void {
  const report = { "application/json": { schema: envelopeOf(ReconciliationReportView) } };
  api.openapi(
    createRoute({
      method: "post",
      path: "/reconcile",
      tags: ["reconciliation"],
      summary: "Reconcile EstateCore's records with fresh QuickBooks data and store the report",
      description: "`period_days` (last N days, today included) or `from`/`to`; optional `property_ids`. " +
        "Finds amount/date/customer/status differences, records missing in QuickBooks, unknown and duplicated " +
        "QuickBooks transactions, deposits booked as income, and tenant A/R, deposit liability and income balance " +
        "differences; scores integrity by count and by amount.",
      ...requires("reconcile:run"),
      ...raises(...QUICKBOOKS_CALL_ERRORS),
      request: { body: { required: true, content: { "application/json": { schema: ReconcileRequest } } } },
      responses: { 201: { description: "Report", content: report } },
    }),
    async (c) => {
      const caller = c.get("caller");
      const input = c.req.valid("json");
      return c.json(successEnvelope(await services.reconcile(caller, input, c.get("requestId")), now()), 201);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/reconcile/{id}",
      tags: ["reconciliation"],
      summary: "A stored reconciliation report",
      ...requires("reconcile:read"),
      ...raises("FORBIDDEN"),
      request: { params: z.object({ id: z.string().min(1).max(64) }) },
      responses: { 200: { description: "Report", content: report } },
    }),
    async (c) => {
      const caller = c.get("caller");
      return c.json(
        successEnvelope(await services.getReport(caller, c.req.valid("param").id), now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/reconcile/{id}/resolve",
      tags: ["reconciliation"],
      summary: "Apply a report's auto-resolvable actions, push, and re-check",
      description:
        "Pushes what is missing (dropping the stale link of a transaction deleted in QuickBooks), " +
        "relinks probable matches, rewrites records QuickBooks holds differently when resolvable, voids " +
        "duplicates only for the QuickBooks ids listed in `confirm_void_ids`, runs a push, then a new " +
        "reconciliation. Returns before/after and what was left for a person.",
      ...requires("reconcile:run"),
      ...raises("CONFLICT", "QB004", "TRACKING_NOT_SUPPORTED", ...QUICKBOOKS_CALL_ERRORS),
      request: {
        params: z.object({ id: z.string().min(1).max(64) }),
        body: {
          required: false,
          content: {
            "application/json": {
              schema: z.object({ confirm_void_ids: z.array(z.string().min(1).max(80)).max(1000).default([]) })
                .openapi("ResolveRequest"),
            },
          },
        },
      },
      responses: {
        200: {
          description: "Resolved",
          content: { "application/json": { schema: envelopeOf(ResolveView) } },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      const body = c.req.valid("json") ?? { confirm_void_ids: [] };
      const result = await services.resolve(caller, c.req.valid("param").id, {
        confirm_void_ids: body.confirm_void_ids ?? [],
      }, c.get("requestId"));
      return c.json(successEnvelope(result, now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/data-quality",
      tags: ["reconciliation"],
      summary: "Integrity score and trend, open discrepancies by type, and data-quality checks",
      ...requires("reconcile:read"),
      ...raises(...QUICKBOOKS_CALL_ERRORS),
      request: {
        query: z.object({
          undeposited_days: z.coerce.number().int().min(0).max(365).default(7),
          period_days: z.coerce.number().int().min(1).max(3660).default(90),
          realm_id: z.string().min(1).max(32).optional(),
        }),
      },
      responses: {
        200: {
          description: "Data quality",
          content: { "application/json": { schema: envelopeOf(DataQualityView) } },
        },
      },
    }),
    async (c) => {
      const caller = c.get("caller");
      return c.json(successEnvelope(await services.dataQuality(caller, c.req.valid("query")), now()), 200);
    },
  );
}
