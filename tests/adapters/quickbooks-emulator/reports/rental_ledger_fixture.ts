import type {
  AccountInfo,
  OpenReceivable,
  Posting,
} from "../../../../adapters/quickbooks-emulator/contracts.ts";
import type { ReportInput } from "../../../../adapters/quickbooks-emulator/reports/report_input.ts";

/**
 * A small rental-property ledger whose statements can be checked by hand (see the comments for
 * the expected figures). Every transaction balances: debits positive, credits negative, cents.
 */
export const accounts: AccountInfo[] = [
  { id: "1", name: "Checking", accountType: "Bank", accountSubType: "Checking", classification: "Asset" },
  {
    id: "2",
    name: "Accounts Receivable (A/R)",
    accountType: "Accounts Receivable",
    accountSubType: "AccountsReceivable",
    classification: "Asset",
  },
  {
    id: "3",
    name: "Undeposited Funds",
    accountType: "Other Current Asset",
    accountSubType: "UndepositedFunds",
    classification: "Asset",
  },
  {
    id: "4",
    name: "Accounts Payable (A/P)",
    accountType: "Accounts Payable",
    accountSubType: "AccountsPayable",
    classification: "Liability",
  },
  {
    id: "5",
    name: "Tenant Security Deposits",
    accountType: "Other Current Liability",
    accountSubType: "OtherCurrentLiabilities",
    classification: "Liability",
  },
  {
    id: "6",
    name: "Opening Balance Equity",
    accountType: "Equity",
    accountSubType: "OpeningBalanceEquity",
    classification: "Equity",
  },
  {
    id: "7",
    name: "Retained Earnings",
    accountType: "Equity",
    accountSubType: "RetainedEarnings",
    classification: "Equity",
  },
  {
    id: "10",
    name: "Rental Income",
    accountType: "Income",
    accountSubType: "OtherPrimaryIncome",
    classification: "Revenue",
  },
  {
    id: "11",
    name: "Late Fee Income",
    accountType: "Income",
    accountSubType: "ServiceFeeIncome",
    classification: "Revenue",
  },
  {
    id: "12",
    name: "Interest Earned",
    accountType: "Other Income",
    accountSubType: "InterestEarned",
    classification: "Revenue",
  },
  {
    id: "20",
    name: "Repairs & Maintenance",
    accountType: "Expense",
    accountSubType: "RepairMaintenance",
    classification: "Expense",
  },
  {
    id: "21",
    name: "Utilities",
    accountType: "Expense",
    accountSubType: "Utilities",
    classification: "Expense",
  },
  {
    id: "22",
    name: "Bank Charges",
    accountType: "Other Expense",
    accountSubType: "BankCharges",
    classification: "Expense",
  },
  {
    id: "30",
    name: "Mortgage Loan",
    accountType: "Long Term Liability",
    accountSubType: "NotesPayable",
    classification: "Liability",
  },
];

type Leg = Omit<Posting, "txnType" | "txnId" | "txnDate">;

function txn(txnType: string, txnId: string, txnDate: string, legs: Leg[]): Posting[] {
  const sum = legs.reduce((s, l) => s + l.amountCents, 0);
  if (sum !== 0) throw new Error(`fixture transaction ${txnId} does not balance (${sum})`);
  return legs.map((l) => ({ txnType, txnId, txnDate, ...l }));
}

const ELM = "100"; // class "Elm Street"
const OAK = "200"; // class "Oak Avenue"
const NORTH = "1"; // department "North"
const SOUTH = "2"; // department "South"
const ALICE = "11";
const BOB = "12";
const CAROL = "13";

export const postings: Posting[] = [
  // 2025: opening balance 10,000.00; rent 1,500.00 invoiced and paid; repairs 200.00 -> 2025 net income 1,300.00.
  ...txn("JournalEntry", "T0", "2025-01-01", [{ accountId: "1", amountCents: 1_000_000 }, {
    accountId: "6",
    amountCents: -1_000_000,
  }]),
  ...txn("Invoice", "T1", "2025-06-01", [
    { accountId: "2", amountCents: 150_000, customerId: ALICE },
    { accountId: "10", amountCents: -150_000, customerId: ALICE, classId: ELM, departmentId: NORTH },
  ]),
  ...txn("Payment", "T2", "2025-06-10", [
    { accountId: "1", amountCents: 150_000 },
    { accountId: "2", amountCents: -150_000, customerId: ALICE },
  ]),
  ...txn("Purchase", "T3", "2025-07-01", [
    { accountId: "20", amountCents: 20_000, classId: ELM, departmentId: NORTH },
    { accountId: "1", amountCents: -20_000 },
  ]),
  // January 2026
  ...txn("Invoice", "T4", "2026-01-01", [
    { accountId: "2", amountCents: 150_000, customerId: ALICE },
    { accountId: "10", amountCents: -150_000, customerId: ALICE, classId: ELM, departmentId: NORTH },
  ]),
  ...txn("Invoice", "T5", "2026-01-01", [
    { accountId: "2", amountCents: 120_000, customerId: BOB },
    { accountId: "10", amountCents: -120_000, customerId: BOB, classId: OAK, departmentId: SOUTH },
  ]),
  ...txn("Payment", "T6", "2026-01-05", [
    { accountId: "1", amountCents: 150_000 },
    { accountId: "2", amountCents: -150_000, customerId: ALICE },
  ]),
  ...txn("JournalEntry", "T16", "2026-01-10", [
    { accountId: "1", amountCents: 5_000_000 },
    { accountId: "30", amountCents: -5_000_000 },
  ]),
  ...txn("Bill", "T8", "2026-01-15", [
    { accountId: "20", amountCents: 32_550, classId: OAK, departmentId: SOUTH },
    { accountId: "4", amountCents: -32_550, vendorId: "900" },
  ]),
  ...txn("Invoice", "T7", "2026-01-20", [
    { accountId: "2", amountCents: 5_000, customerId: BOB },
    { accountId: "11", amountCents: -5_000, customerId: BOB, classId: OAK, departmentId: SOUTH },
  ]),
  // February 2026
  ...txn("Invoice", "T10", "2026-02-01", [
    { accountId: "2", amountCents: 150_000, customerId: ALICE },
    { accountId: "10", amountCents: -150_000, customerId: ALICE, classId: ELM, departmentId: NORTH },
  ]),
  ...txn("Invoice", "T11", "2026-02-01", [
    { accountId: "2", amountCents: 99_999, customerId: CAROL },
    { accountId: "10", amountCents: -99_999, customerId: CAROL },
  ]),
  ...txn("Purchase", "T9", "2026-02-03", [
    { accountId: "21", amountCents: 8_725, departmentId: NORTH },
    { accountId: "1", amountCents: -8_725 },
  ]),
  ...txn("Deposit", "T12", "2026-02-10", [{ accountId: "1", amountCents: 1_234 }, {
    accountId: "12",
    amountCents: -1_234,
  }]),
  ...txn("JournalEntry", "T14", "2026-02-15", [
    { accountId: "1", amountCents: 200_000 },
    { accountId: "5", amountCents: -200_000, customerId: CAROL },
  ]),
  ...txn("Purchase", "T13", "2026-02-28", [{ accountId: "22", amountCents: 1_500 }, {
    accountId: "1",
    amountCents: -1_500,
  }]),
  // March 2026 (outside the Jan-Feb window)
  ...txn("Invoice", "T15", "2026-03-05", [
    { accountId: "2", amountCents: 120_000, customerId: BOB },
    { accountId: "10", amountCents: -120_000, customerId: BOB, classId: OAK, departmentId: SOUTH },
  ]),
];

export const openReceivables: OpenReceivable[] = [
  {
    customerId: BOB,
    customerName: "Bob Tenant",
    txnType: "Invoice",
    txnId: "T5",
    txnDate: "2026-01-01",
    dueDate: "2026-01-31",
    balanceCents: 120_000,
  },
  {
    customerId: BOB,
    customerName: "Bob Tenant",
    txnType: "Invoice",
    txnId: "T7",
    txnDate: "2026-01-20",
    dueDate: "2026-01-20",
    balanceCents: 5_000,
  },
  {
    customerId: ALICE,
    customerName: "Alice Tenant",
    txnType: "Invoice",
    txnId: "T10",
    txnDate: "2026-02-01",
    dueDate: "2026-03-03",
    balanceCents: 150_000,
  },
  {
    customerId: CAROL,
    customerName: "Carol Tenant",
    txnType: "Invoice",
    txnId: "T11",
    txnDate: "2026-02-01",
    dueDate: "2026-03-31",
    balanceCents: 99_999,
  },
  {
    customerId: BOB,
    customerName: "Bob Tenant",
    txnType: "Invoice",
    txnId: "T15",
    txnDate: "2026-03-05",
    dueDate: "2026-04-04",
    balanceCents: 120_000,
  },
  {
    customerId: ALICE,
    customerName: "Alice Tenant",
    txnType: "Invoice",
    txnId: "T-old",
    txnDate: "2025-10-01",
    dueDate: "2025-10-31",
    balanceCents: 10_000,
  },
  {
    customerId: CAROL,
    customerName: "Carol Tenant",
    txnType: "Payment",
    txnId: "P-unapplied",
    txnDate: "2026-03-10",
    dueDate: "2026-03-31",
    balanceCents: -5_000,
  },
  {
    customerId: ALICE,
    customerName: "Alice Tenant",
    txnType: "Invoice",
    txnId: "T-future",
    txnDate: "2026-04-02",
    dueDate: "2026-05-02",
    balanceCents: 150_000,
  },
];

export function rentalLedger(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    accounts,
    postings,
    classes: [{ id: ELM, name: "Elm Street" }, { id: OAK, name: "Oak Avenue" }],
    departments: [{ id: NORTH, name: "North" }, { id: SOUTH, name: "South" }],
    customers: [{ id: ALICE, name: "Alice Tenant" }, { id: BOB, name: "Bob Tenant" }, {
      id: CAROL,
      name: "Carol Tenant",
    }],
    openReceivables,
    companyName: "Elm & Oak Property Management",
    now: new Date("2026-03-31T15:00:00Z"),
    ...overrides,
  };
}

type Json = Record<string, unknown>;

/** Flattens a report's rows to `label -> money cells` for Data rows and section summaries. */
export function cellsByLabel(report: Json): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (rows: Json[]) => {
    for (const row of rows) {
      if (row.type === "Data") {
        const [label, ...cells] = (row.ColData as { value: string }[]).map((c) => c.value);
        out.set(label, cells);
      } else {
        const nested = (row.Rows as { Row: Json[] } | undefined)?.Row;
        if (nested) walk(nested);
        const summary = (row.Summary as { ColData: { value: string }[] } | undefined)?.ColData;
        if (summary) out.set(summary[0].value, summary.slice(1).map((c) => c.value));
      }
    }
  };
  walk((report.Rows as { Row: Json[] }).Row);
  return out;
}

/** The section rows of a report, depth first, by group name. */
export function sectionsByGroup(report: Json): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (rows: Json[]) => {
    for (const row of rows) {
      if (row.type !== "Section") continue;
      if (typeof row.group === "string") out.set(row.group, row);
      const nested = (row.Rows as { Row: Json[] } | undefined)?.Row;
      if (nested) walk(nested);
    }
  };
  walk((report.Rows as { Row: Json[] }).Row);
  return out;
}

export function columnTitles(report: Json): string[] {
  return (report.Columns as { Column: { ColTitle: string }[] }).Column.map((c) => c.ColTitle);
}
