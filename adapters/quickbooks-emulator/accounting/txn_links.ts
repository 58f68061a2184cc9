/**
 * Links between transactions that change balances: payments applied to invoices and credit memos,
 * bill payments applied to bills, and deposits that swept payments / sales receipts out of
 * Undeposited Funds. Keys are `"<TxnType>:<Id>"`. Derived from the stored documents, so it is
 * rebuilt rather than persisted.
 */
export interface Application {
  /** e.g. "Invoice:12" */
  readonly target: string;
  readonly cents: number;
}

export class TxnLinks {
  readonly #appliedTo = new Map<string, Map<string, number>>();
  readonly #targetsOf = new Map<string, readonly Application[]>();
  readonly #depositOf = new Map<string, string>();
  readonly #depositSources = new Map<string, readonly string[]>();

  /** Sets what `source` (e.g. "Payment:5") applies, replacing its previous applications. */
  setApplications(source: string, applications: readonly Application[]): void {
    for (const old of this.#targetsOf.get(source) ?? []) this.#appliedTo.get(old.target)?.delete(source);
    if (applications.length === 0) {
      this.#targetsOf.delete(source);
      return;
    }
    this.#targetsOf.set(source, applications);
    for (const a of applications) {
      const map = this.#appliedTo.get(a.target) ?? new Map<string, number>();
      map.set(source, (map.get(source) ?? 0) + a.cents);
      this.#appliedTo.set(a.target, map);
    }
  }

  applicationsOf(source: string): readonly Application[] {
    return this.#targetsOf.get(source) ?? [];
  }

  /** Total cents applied to `target` by all sources. */
  appliedTotal(target: string): number {
    let sum = 0;
    for (const cents of this.#appliedTo.get(target)?.values() ?? []) sum += cents;
    return sum;
  }

  /** Sources (e.g. "Payment:5") with a non-zero application to `target`. */
  sourcesOf(target: string): string[] {
    return [...(this.#appliedTo.get(target)?.entries() ?? [])].filter(([, c]) => c !== 0).map(([s]) => s);
  }

  /** Records which transactions a deposit swept, replacing its previous list. */
  setDepositSources(depositId: string, sources: readonly string[]): void {
    for (const old of this.#depositSources.get(depositId) ?? []) this.#depositOf.delete(old);
    if (sources.length === 0) {
      this.#depositSources.delete(depositId);
      return;
    }
    this.#depositSources.set(depositId, sources);
    for (const s of sources) this.#depositOf.set(s, depositId);
  }

  /** The deposit id holding `source`, if any. */
  depositOf(source: string): string | undefined {
    return this.#depositOf.get(source);
  }
}
