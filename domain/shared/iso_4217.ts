/**
 * The active ISO 4217 currency codes a ledger may hold (list one, national currencies, as of 2026).
 * Left out on purpose: the testing and "no currency" codes (XTS, XXX), precious metals (XAU, XAG,
 * XPD, XPT), bond-market and fund units (XBA–XBD, XDR, XSU, XUA, BOV, CHE, CHW, CLF, COU, MXV, USN,
 * UYI, UYW) and withdrawn codes (HRK, SLL, ZWL, CUC, ANG, BGN). None of those can be the currency of
 * an organization's books. Pure data.
 */
export const ACTIVE_ISO_4217_CODES: readonly string[] = Object.freeze([
  "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD", "BIF",
  "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
  "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD",
  "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR",
  "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
  "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK",
  "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR",
  "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF",
  "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
  "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU",
  "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW",
  "ZWG",
]);

const ACTIVE = new Set(ACTIVE_ISO_4217_CODES);

/** True when `code` is one of {@link ACTIVE_ISO_4217_CODES} (exact, upper case). */
export function isActiveCurrencyCode(code: string): boolean {
  return ACTIVE.has(code);
}
