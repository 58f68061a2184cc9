import { z } from "zod";
import { isActiveCurrencyCode } from "./iso_4217.ts";

/**
 * Money as integer minor units (cents) with an ISO 4217 currency. Never a float in a ledger
 * computation: conversions to and from QBO's decimal JSON numbers happen only at the edge.
 *
 * @example
 * ```ts
 * const rent = money(150_000, "USD"); // $1,500.00
 * addMoney(rent, money(5_000, "USD")).cents; // 155000
 * ```
 */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, "currency must be a 3-letter ISO 4217 code")
  .refine(
    isActiveCurrencyCode,
    "currency must be an active ISO 4217 code (not XXX, XTS, a precious metal or a made-up code)",
  );
export const CentsSchema = z.number().int().refine(Number.isSafeInteger, "cents must be a safe integer");

const moneyOf = (cents: typeof CentsSchema) => z.strictObject({ cents, currency: CurrencySchema });

/** Sign is not part of Money: each record field says whether it may be negative (see the record schemas). */
export const MoneySchema = moneyOf(CentsSchema).meta({
  id: "Money",
  description: "An amount in integer minor units (`cents`) of an active ISO 4217 `currency`.",
});
/** Money of zero or more (rents, deposits, disposition parts). */
export const NonNegativeMoneySchema = moneyOf(CentsSchema.min(0, "amount must not be negative (cents >= 0)"))
  .meta({ id: "NonNegativeMoney", description: "Money of zero or more (`cents >= 0`)." });
/** Money of more than zero (charges, payments, allocations, expenses). */
export const PositiveMoneySchema = moneyOf(CentsSchema.positive("amount must be positive (cents > 0)"))
  .meta({ id: "PositiveMoney", description: "Money of more than zero (`cents > 0`)." });
export type Money = z.infer<typeof MoneySchema>;

/** Builds a Money value; throws RangeError on non-integer cents. */
export function money(cents: number, currency = "USD"): Money {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`cents must be a safe integer, got ${cents}`);
  return { cents, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
  }
}

/** a + b, same currency. */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.cents + b.cents, a.currency);
}

/** a - b, same currency. */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.cents - b.cents, a.currency);
}

/**
 * Converts cents to QBO's decimal amount (a JSON number with at most 2 decimals).
 *
 * @example
 * ```ts
 * centsToDecimal(70_000); // 700
 * centsToDecimal(1_999); // 19.99
 * ```
 */
export function centsToDecimal(cents: number): number {
  return Math.round(cents) / 100;
}

/**
 * Converts a QBO decimal amount (number or string) to integer cents, rounding half away from zero.
 * Throws RangeError on a value that is not a finite number.
 *
 * @example
 * ```ts
 * decimalToCents(19.99); // 1999
 * decimalToCents("1,500.00"); // 150000
 * ```
 */
export function decimalToCents(value: number | string): number {
  const n = typeof value === "number" ? value : Number(value.replace(/,/g, ""));
  if (!Number.isFinite(n)) throw new RangeError(`not a decimal amount: ${value}`);
  // Work on the decimal string to avoid binary float drift (0.29 * 100 = 28.999...).
  const fixed = Math.abs(n).toFixed(3);
  const [whole, frac] = fixed.split(".");
  const cents = Number(whole) * 100 + Number(frac.slice(0, 2)) + (Number(frac[2]) >= 5 ? 1 : 0);
  return n < 0 ? -cents : cents;
}
