import type { CompanyOperations } from "./company_operations.ts";
import type { Doc } from "./company_state.ts";
import { EXCHANGE_RATE, exchangeRateKey, exchangeRateView } from "./exchange_rate_view.ts";
import { faults } from "./fault_catalog.ts";
import { QboFault } from "./qbo_fault.ts";
import { toDate } from "./rule_context.ts";

/**
 * ExchangeRate, as Intuit's API reference documents it (the "Exchangerate" page):
 * - `GET /exchangerate?sourcecurrencycode=EUR[&asofdate=YYYY-MM-DD]` (date default: today) answers
 *   `{"ExchangeRate":{SyncToken, domain, AsOfDate, SourceCurrencyCode, Rate, sparse, TargetCurrencyCode,
 *   MetaData:{LastUpdatedTime}}}`; no Id.
 * - `select * from exchangerate where sourcecurrencycode in ('EUR','INR') and asofdate = '...'` (query).
 * - `POST /exchangerate` sets a rate: SourceCurrencyCode, Rate and AsOfDate are required,
 *   TargetCurrencyCode defaults to the home currency, a source equal to the target gets rate 1, and
 *   a rate for the home currency itself is a validation error. SyncToken stays "0" for a new date and
 *   goes up on each change of an existing one (the reference's samples).
 * - "Applicable only for those companies that enable multicurrency" (Preferences.CurrencyPrefs).
 *
 * Our choices where the reference is silent: a GET answers the latest rate set on or before the
 * date, else the emulator's reference rate (standing in for Intuit's daily rate feed) dated as
 * asked; rates are seeded for a few currencies when a company is created; a company without
 * multicurrency answers 5030 Feature Not Supported; an unknown currency is 610; a currency code
 * that is not three letters is 2170.
 */

/** Units of USD per unit of each currency: illustrative fixed values, not market data. */
export const REFERENCE_RATES_TO_USD: Readonly<Record<string, number>> = {
  EUR: 1.08,
  GBP: 1.27,
  CAD: 0.74,
  AUD: 0.66,
  CHF: 1.12,
  JPY: 0.0067,
  INR: 0.012,
  MXN: 0.058,
};

const CURRENCY = /^[A-Za-z]{3}$/;

function homeCurrency(ops: CompanyOperations): string {
  const prefs = ops.state.get("Preferences", "1")?.CurrencyPrefs as Doc | undefined;
  return String((prefs?.HomeCurrency as Doc | undefined)?.value ?? "USD");
}

function requireMultiCurrency(ops: CompanyOperations): void {
  const prefs = ops.state.get("Preferences", "1")?.CurrencyPrefs as Doc | undefined;
  if (prefs?.MultiCurrencyEnabled !== true) {
    throw new QboFault(
      "5030",
      "Feature Not Supported",
      "Exchange rates are available only in companies with multicurrency enabled (Preferences.CurrencyPrefs.MultiCurrencyEnabled)",
    );
  }
}

function currencyCode(value: unknown, element: string): string {
  if (value === undefined || value === null || value === "") throw faults.requiredParamMissing(element);
  if (typeof value !== "string" || !CURRENCY.test(value)) {
    throw faults.invalidEnumeration(element, String(value));
  }
  return value.toUpperCase();
}

/** Stores the reference rates as of `date` (company creation; no event). */
export function seedExchangeRates(ops: CompanyOperations, date: string): void {
  const { stamp } = ops.timestamp();
  for (const [code, rate] of Object.entries(REFERENCE_RATES_TO_USD)) {
    ops.state.put(EXCHANGE_RATE, {
      Id: exchangeRateKey(code, date),
      SyncToken: "0",
      domain: "QBO",
      AsOfDate: date,
      SourceCurrencyCode: code,
      Rate: rate,
      sparse: false,
      TargetCurrencyCode: "USD",
      MetaData: { LastUpdatedTime: stamp },
    });
  }
}

/** `GET /exchangerate`. */
export function readExchangeRate(ops: CompanyOperations, params: Readonly<Record<string, string>>): Doc {
  requireMultiCurrency(ops);
  const lower = Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  const source = currencyCode(lower.sourcecurrencycode, "sourcecurrencycode");
  const { stamp, today } = ops.timestamp();
  const asOf = lower.asofdate === undefined || lower.asofdate === ""
    ? today
    : toDate(lower.asofdate, "asofdate");
  const home = homeCurrency(ops);
  const latest = ops.state.list(EXCHANGE_RATE)
    .filter((r) => r.SourceCurrencyCode === source && String(r.AsOfDate) <= asOf)
    .sort((a, b) => String(b.AsOfDate).localeCompare(String(a.AsOfDate)))[0];
  if (latest) return exchangeRateView(latest);
  const reference = source === home ? 1 : REFERENCE_RATES_TO_USD[source];
  if (reference === undefined) throw faults.objectNotFound("ExchangeRate", source);
  return {
    SyncToken: "0",
    domain: "QBO",
    AsOfDate: asOf,
    SourceCurrencyCode: source,
    Rate: reference,
    sparse: false,
    TargetCurrencyCode: home,
    MetaData: { LastUpdatedTime: stamp },
  };
}

/** `POST /exchangerate` (node-quickbooks adds `?operation=update` and `sparse: true`). */
export function setExchangeRate(ops: CompanyOperations, body: unknown): Doc {
  requireMultiCurrency(ops);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw faults.malformedJson("the request body must be a JSON object");
  }
  const input = body as Doc;
  const source = currencyCode(input.SourceCurrencyCode, "SourceCurrencyCode");
  if (input.Rate === undefined || input.Rate === null) throw faults.requiredParamMissing("Rate");
  const rate = Number(input.Rate);
  if (typeof input.Rate === "boolean" || !Number.isFinite(rate) || rate <= 0) {
    throw faults.invalidNumber("Rate", input.Rate);
  }
  if (input.AsOfDate === undefined || input.AsOfDate === null) throw faults.requiredParamMissing("AsOfDate");
  const asOf = toDate(input.AsOfDate, "AsOfDate");
  const home = homeCurrency(ops);
  const target = input.TargetCurrencyCode === undefined
    ? home
    : currencyCode(input.TargetCurrencyCode, "TargetCurrencyCode");
  if (source === home) {
    throw faults.businessValidation(`You can't set an exchange rate for the home currency ${home}.`);
  }
  const key = exchangeRateKey(source, asOf);
  const existing = ops.state.get(EXCHANGE_RATE, key);
  if (existing && input.SyncToken !== undefined && String(input.SyncToken) !== existing.SyncToken) {
    throw faults.staleObject();
  }
  const doc: Doc = {
    SyncToken: existing ? String(Number(existing.SyncToken) + 1) : "0",
    domain: "QBO",
    AsOfDate: asOf,
    SourceCurrencyCode: source,
    Rate: source === target ? 1 : rate,
    sparse: false,
    TargetCurrencyCode: target,
    MetaData: { LastUpdatedTime: ops.timestamp().stamp },
  };
  ops.putKeyed(EXCHANGE_RATE, key, doc);
  return doc;
}
