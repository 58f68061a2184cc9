import type { AccountInfo, OpenReceivable, Posting } from "../contracts.ts";

/** Everything a report needs from one company's books, handed over by the accounting core. */
export interface ReportInput {
  readonly accounts: readonly AccountInfo[];
  readonly postings: readonly Posting[];
  readonly classes: readonly { id: string; name: string }[];
  readonly departments: readonly { id: string; name: string }[];
  readonly customers: readonly { id: string; name: string }[];
  /** Open A/R documents as of now (balances are current, not historical). */
  readonly openReceivables: readonly OpenReceivable[];
  readonly companyName: string;
  /** The emulator clock's "now": the report's `Time` and the anchor of date macros (UTC date). */
  readonly now: Date;
}

/** Query-string parameters of `/reports/{name}`, already URL-decoded. */
export type ReportParams = Readonly<Record<string, string>>;
