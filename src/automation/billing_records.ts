import type { Charge } from "../../domain/model/estatecore/charge.ts";
import type { DepositDisposition } from "../../domain/model/estatecore/deposit_disposition.ts";
import type { Lease } from "../../domain/model/estatecore/lease.ts";
import type { Payment } from "../../domain/model/estatecore/payment.ts";
import type { MirrorRecordType, RecordMirror } from "../../domain/ports/record_mirror.ts";
import { loadPortfolio } from "../sync/load_portfolio.ts";

/** The live (not deleted) records billing automation reasons about. */
export interface BillingRecords {
  readonly leases: Lease[];
  readonly charges: Charge[];
  readonly payments: Payment[];
  readonly dispositions: DepositDisposition[];
}

/** Reads the organization's live leases, charges, payments and deposit dispositions from the mirror. */
export async function loadBillingRecords(
  mirror: RecordMirror,
  orgId: string,
  types: readonly MirrorRecordType[] = ["lease", "charge", "payment", "deposit_disposition"],
): Promise<BillingRecords> {
  const portfolio = await loadPortfolio(mirror, orgId, types);
  const live = <T>(list: readonly { data: T; deleted: boolean }[]) =>
    list.filter((r) => !r.deleted).map((r) => r.data);
  return {
    leases: live(portfolio.leases),
    charges: live(portfolio.charges),
    payments: live(portfolio.payments),
    dispositions: live(portfolio.dispositions),
  };
}
