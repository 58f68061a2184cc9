import type { QuickBooksGateway, QuickBooksTarget } from "../../domain/ports/quickbooks_gateway.ts";
import type { LedgerPeriod } from "../../domain/reconciliation/ledger_from_estatecore.ts";
import { type QuickBooksBooks, RECONCILED_ENTITIES } from "../../domain/reconciliation/quickbooks_books.ts";

/**
 * Reads what reconciliation needs from the company, fresh (queries, every page): accounts, items
 * and customers, and the period's transactions of every entity the push writes (by TxnDate).
 * Deposits from the period's start on are read too, for the Undeposited Funds check.
 */
export async function fetchQuickBooksBooks(
  gateway: QuickBooksGateway,
  target: QuickBooksTarget,
  period: LedgerPeriod,
): Promise<QuickBooksBooks & { readonly deposits: readonly Readonly<Record<string, unknown>>[] }> {
  const inPeriod = [
    { field: "TxnDate", operator: ">=" as const, value: period.from },
    { field: "TxnDate", operator: "<=" as const, value: period.to },
  ];
  const [accounts, items, customers, deposits, ...transactions] = await Promise.all([
    gateway.query(target, { entityName: "Account" }),
    gateway.query(target, { entityName: "Item" }),
    gateway.query(target, { entityName: "Customer" }),
    gateway.query(target, { entityName: "Deposit", where: [inPeriod[0]] }),
    ...RECONCILED_ENTITIES.map((entityName) => gateway.query(target, { entityName, where: inPeriod })),
  ]);
  return {
    accounts,
    items,
    customers,
    deposits,
    transactions: RECONCILED_ENTITIES.flatMap((entityName, i) =>
      transactions[i].map((object) => ({ entityName, object }))
    ),
  };
}
