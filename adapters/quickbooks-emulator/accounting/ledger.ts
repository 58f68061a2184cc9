import type { Posting } from "../contracts.ts";

/**
 * The company's general ledger: every transaction's balanced postings, plus running balances per
 * account, per customer on A/R and per vendor on A/P, kept incrementally so a read never scans the
 * journal. Amounts are integer cents, debits positive.
 */
export class Ledger {
  readonly #byTxn = new Map<string, readonly Posting[]>();
  readonly #accountCents = new Map<string, number>();
  readonly #customerReceivable = new Map<string, number>();
  readonly #vendorPayable = new Map<string, number>();
  readonly #accountTypeOf: (accountId: string) => string | undefined;
  readonly #onReplace: (txnType: string, txnId: string) => void;

  constructor(
    accountTypeOf: (accountId: string) => string | undefined,
    /** Hears every transaction whose postings were replaced (the durable store's change tracking). */
    onReplace: (txnType: string, txnId: string) => void = () => {},
  ) {
    this.#accountTypeOf = accountTypeOf;
    this.#onReplace = onReplace;
  }

  /** Replaces a transaction's postings (empty list = remove). Throws RangeError when unbalanced. */
  replace(txnType: string, txnId: string, postings: readonly Posting[]): void {
    const sum = postings.reduce((s, p) => s + p.amountCents, 0);
    if (sum !== 0) throw new RangeError(`unbalanced postings for ${txnType} ${txnId}: ${sum}`);
    const key = `${txnType}:${txnId}`;
    this.#onReplace(txnType, txnId);
    const old = this.#byTxn.get(key);
    if (old) { for (const p of old) this.#apply(p, -1); }
    if (postings.length === 0) {
      this.#byTxn.delete(key);
      return;
    }
    this.#byTxn.set(key, postings);
    for (const p of postings) this.#apply(p, 1);
  }

  #apply(p: Posting, sign: 1 | -1): void {
    const cents = sign * p.amountCents;
    bump(this.#accountCents, p.accountId, cents);
    const type = this.#accountTypeOf(p.accountId);
    if (type === "Accounts Receivable" && p.customerId) bump(this.#customerReceivable, p.customerId, cents);
    if (type === "Accounts Payable" && p.vendorId) bump(this.#vendorPayable, p.vendorId, cents);
  }

  /** Debit-positive balance of an account. */
  accountBalance(accountId: string): number {
    return this.#accountCents.get(accountId) ?? 0;
  }

  /** What the customer owes (A/R debits minus credits). */
  customerBalance(customerId: string): number {
    return this.#customerReceivable.get(customerId) ?? 0;
  }

  /** What the company owes the vendor (A/P credits minus debits). */
  vendorBalance(vendorId: string): number {
    return -(this.#vendorPayable.get(vendorId) ?? 0);
  }

  postingsOf(txnType: string, txnId: string): readonly Posting[] {
    return this.#byTxn.get(`${txnType}:${txnId}`) ?? [];
  }

  allPostings(): Posting[] {
    const out: Posting[] = [];
    for (const list of this.#byTxn.values()) out.push(...list);
    return out;
  }

  toJSON(): Posting[] {
    return this.allPostings();
  }

  /** Rebuilds from a snapshot's postings (grouped back per transaction). */
  load(postings: readonly Posting[]): void {
    const grouped = new Map<string, Posting[]>();
    for (const p of postings) {
      const key = `${p.txnType}:${p.txnId}`;
      const list = grouped.get(key) ?? [];
      list.push(p);
      grouped.set(key, list);
    }
    for (const list of grouped.values()) this.replace(list[0].txnType, list[0].txnId, list);
  }
}

function bump(map: Map<string, number>, key: string, cents: number): void {
  const next = (map.get(key) ?? 0) + cents;
  if (next === 0) map.delete(key);
  else map.set(key, next);
}
