import type { Doc } from "./company_state.ts";

/** QBO's ExchangeRate has no Id: it is keyed by SourceCurrencyCode and AsOfDate. */
export const EXCHANGE_RATE = "ExchangeRate";

/** Storage key of one rate (the emulator stores it as the object's hidden Id). */
export function exchangeRateKey(sourceCurrencyCode: string, asOfDate: string): string {
  return `${sourceCurrencyCode}:${asOfDate}`;
}

/** A stored rate as QBO shows it: everything but the storage key. */
export function exchangeRateView(doc: Doc): Doc {
  const { Id: _key, ...view } = doc;
  return view;
}
