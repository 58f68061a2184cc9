/**
 * The catalogue of outbound event types (issue 17): each type's payload (`data`) as a zod schema,
 * published in the OpenAPI document's `webhooks` section and the SDK's types. Payloads are thin:
 * ids on both sides, amounts in integer cents, the code of a failure and the API path of the
 * resource (`link`, relative to the API base), never record contents, tokens or secrets.
 */
import { z } from "zod";

const realmId = z.string().describe("The QuickBooks company (realm) id.");
const link = z.string().describe("Path of the resource in this API, relative to `/api/v1/quickbooks`.");
const cents = z.number().int().describe("An amount in integer cents.");
const currency = z.string().length(3).describe("ISO 4217 code.");
const code = z.string().describe("The stable error code (see the error table).");
const recordRef = {
  record_type: z.string().nullable().describe("The EstateCore record type, when the object is linked."),
  record_id: z.string().nullable().describe("The EstateCore record id, when the object is linked."),
};

export const EVENT_CATALOGUE = {
  "connection.connected": z.object({
    realm_id: realmId,
    company_name: z.string().nullable(),
    reconnected: z.boolean().describe("True when the company had been connected before."),
    link,
  }).describe("A QuickBooks company was connected (or connected again)."),
  "connection.needs_reauthorization": z.object({
    realm_id: realmId,
    code,
    recommendation: z.string(),
    link,
  }).describe("QuickBooks refused the refresh token: a person must connect the company again."),
  "connection.disconnected": z.object({
    realm_id: realmId,
    revoked_at_intuit: z.boolean(),
    link,
  }).describe("The company was disconnected and its tokens deleted."),
  "sync.run.completed": z.object({
    job_id: z.string(),
    job_type: z.string(),
    realm_id: realmId.nullable(),
    status: z.enum(["succeeded", "succeeded_with_errors"]),
    succeeded: z.number().int(),
    failed: z.number().int(),
    link,
  }).describe("A sync run ended; `failed` items are announced one by one as sync.record.failed."),
  "sync.run.failed": z.object({
    job_id: z.string(),
    job_type: z.string(),
    realm_id: realmId.nullable(),
    code,
    message: z.string(),
    attempts: z.number().int(),
    will_retry: z.boolean(),
    link,
  }).describe("A sync run failed (it runs again when `will_retry`)."),
  "sync.record.failed": z.object({
    job_id: z.string(),
    realm_id: realmId.nullable(),
    ...recordRef,
    code,
    message: z.string(),
    link,
  }).describe("One record of a run could not be written to QuickBooks."),
  "quickbooks.payment.received": z.object({
    realm_id: realmId,
    qbo_id: z.string(),
    customer_qbo_id: z.string().nullable(),
    tenant_id: z.string().nullable(),
    amount_cents: cents,
    currency,
    txn_date: z.string().nullable(),
    link,
  }).describe("A payment was entered in QuickBooks (not pushed by us)."),
  "quickbooks.invoice.voided": z.object({
    realm_id: realmId,
    qbo_id: z.string(),
    ...recordRef,
    link,
  }).describe("An invoice we wrote was voided in QuickBooks."),
  "quickbooks.record.edited": z.object({
    realm_id: realmId,
    entity: z.string(),
    qbo_id: z.string(),
    ...recordRef,
    fields: z.array(z.string()).describe("The fields QuickBooks changed that reach EstateCore."),
    link,
  }).describe("An object we sync was edited in QuickBooks."),
  "quickbooks.record.deleted": z.object({
    realm_id: realmId,
    entity: z.string(),
    qbo_id: z.string(),
    ...recordRef,
    link,
  }).describe("An object we sync was deleted (or merged away) in QuickBooks."),
  "review.created": z.object({
    review_id: z.string(),
    realm_id: realmId,
    entity: z.string(),
    qbo_id: z.string(),
    ...recordRef,
    conflict_paths: z.array(z.string()),
    link,
  }).describe("A conflict between EstateCore and QuickBooks waits for a person."),
  "review.resolved": z.object({
    review_id: z.string(),
    realm_id: realmId,
    side: z.enum(["estatecore", "quickbooks"]),
    ...recordRef,
    link,
  }).describe("A review was resolved."),
  "reconciliation.completed": z.object({
    report_id: z.string(),
    realm_id: realmId,
    discrepancies: z.number().int(),
    integrity_by_count: z.number(),
    integrity_by_amount: z.number(),
    link,
  }).describe("A reconciliation finished."),
  "reconciliation.discrepancy_found": z.object({
    report_id: z.string(),
    realm_id: realmId,
    discrepancies: z.number().int(),
    amount_at_stake_cents: cents,
    types: z.array(z.string()),
    link,
  }).describe("A reconciliation found discrepancies (once per report that has any)."),
  "automation.run.completed": z.object({
    run_id: z.string(),
    workflow: z.string(),
    as_of: z.string(),
    trigger: z.string(),
    link,
  }).describe("An automation workflow run succeeded."),
  "automation.run.failed": z.object({
    run_id: z.string(),
    workflow: z.string(),
    as_of: z.string(),
    trigger: z.string(),
    code,
    link,
  }).describe("An automation workflow run failed."),
  "health.status_changed": z.object({
    realm_id: realmId.nullable().describe("The company, or null for the organization overall."),
    from: z.string(),
    to: z.string(),
    issue_codes: z.array(z.string()),
    link,
  }).describe("The integration health of a company (or the organization) changed status."),
  "webhook_endpoint.disabled": z.object({
    endpoint_id: z.string(),
    url: z.string(),
    reason: z.string(),
    link,
  }).describe("A webhook endpoint was disabled (it answered 410, or failed for days)."),
} as const;

export type EventType = keyof typeof EVENT_CATALOGUE;

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

/** The payload of an event type. */
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOGUE)[T]>;

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, value);
}
