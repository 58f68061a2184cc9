import type { QboPayload } from "../../model/quickbooks/qbo_payload.ts";
import { centsToDecimal } from "../../shared/money.ts";
import { compact, ref } from "./qbo_refs.ts";

/** One journal line in the core's terms. */
export interface JournalLineInput {
  readonly postingType: "Debit" | "Credit";
  readonly amountCents: number;
  readonly accountId: string;
  readonly description?: string;
  readonly customerId?: string;
  readonly classRef?: QboPayload;
  readonly departmentRef?: QboPayload;
}

/**
 * A JournalEntryLineDetail line; `customerId` becomes the line's Entity (required on A/R lines so
 * the amount lands on the tenant's balance).
 *
 * @example
 * ```ts
 * journalLine({ postingType: "Credit", amountCents: 15_000, accountId: "84", customerId: "58" });
 * // { Amount: 150, DetailType: "JournalEntryLineDetail", JournalEntryLineDetail: { PostingType: "Credit",
 * //   AccountRef: { value: "84" }, Entity: { Type: "Customer", EntityRef: { value: "58" } } } }
 * ```
 */
export function journalLine(input: JournalLineInput): QboPayload {
  return compact({
    Amount: centsToDecimal(input.amountCents),
    DetailType: "JournalEntryLineDetail",
    Description: input.description,
    JournalEntryLineDetail: compact({
      PostingType: input.postingType,
      AccountRef: ref(input.accountId),
      Entity: input.customerId === undefined
        ? undefined
        : { Type: "Customer", EntityRef: ref(input.customerId) },
      ClassRef: input.classRef,
      DepartmentRef: input.departmentRef,
    }),
  });
}

/**
 * Debits minus credits of a JournalEntry payload's lines, in cents (0 when balanced; QBO error 2300
 * otherwise).
 *
 * @example
 * ```ts
 * journalImbalanceCents(payload); // 0
 * ```
 */
export function journalImbalanceCents(payload: QboPayload): number {
  const lines = Array.isArray(payload.Line) ? payload.Line : [];
  let sum = 0;
  for (const line of lines) {
    if (typeof line !== "object" || line === null || Array.isArray(line)) continue;
    const detail = line.JournalEntryLineDetail as QboPayload | undefined;
    const cents = Math.round(Number(line.Amount) * 100);
    sum += detail?.PostingType === "Debit" ? cents : -cents;
  }
  return sum;
}
