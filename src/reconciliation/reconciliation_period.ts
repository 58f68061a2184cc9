import { DomainError } from "../../domain/errors.ts";
import type { Clock } from "../../domain/ports/clock.ts";
import type { LedgerPeriod } from "../../domain/reconciliation/ledger_from_estatecore.ts";
import { addDays, isValidCalendarDate } from "../../domain/shared/calendar_date.ts";

/** How a caller names the period: the last `periodDays` days up to today, or explicit dates. */
export interface PeriodRequest {
  readonly periodDays?: number;
  readonly from?: string;
  readonly to?: string;
}

/**
 * The inclusive period to reconcile. `periodDays` counts back from today (UTC, from the clock),
 * today included; `from`/`to` are used as given (`to` defaults to today). Bad input is
 * VALIDATION_FAILED with the field named.
 *
 * @example
 * ```ts
 * reconciliationPeriod({ periodDays: 30 }, clock); // { from: "2026-05-03", to: "2026-06-01" } on June 1st
 * ```
 */
export function reconciliationPeriod(request: PeriodRequest, clock: Clock): LedgerPeriod {
  const today = clock.now().toISOString().slice(0, 10);
  if (request.from === undefined) {
    const days = request.periodDays ?? 30;
    if (!Number.isInteger(days) || days < 1 || days > 3660) {
      throw new DomainError("VALIDATION_FAILED", "period_days must be an integer from 1 to 3660", {
        field: "period_days",
        value: days,
      });
    }
    return { from: addDays(today, 1 - days), to: today };
  }
  const to = request.to ?? today;
  for (const [field, value] of [["from", request.from], ["to", to]] as const) {
    if (!isValidCalendarDate(value)) {
      throw new DomainError("VALIDATION_FAILED", `${field} must be a date (YYYY-MM-DD)`, { field, value });
    }
  }
  if (request.from > to) {
    throw new DomainError("VALIDATION_FAILED", "from must not be after to", {
      field: "from",
      from: request.from,
      to,
    });
  }
  return { from: request.from, to };
}
