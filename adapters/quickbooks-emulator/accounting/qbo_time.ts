/**
 * QBO writes instants in the company's local offset: `2020-09-29T05:58:16-07:00` in MetaData and
 * `2020-09-29T05:58:16.187-07:00` in the envelope `time`. Companies keep a fixed offset (minutes
 * east of UTC; QBO sandbox companies are Pacific, -420 in summer).
 */
function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function offsetSuffix(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function localParts(instant: Date, offsetMinutes: number): Date {
  return new Date(instant.getTime() + offsetMinutes * 60_000);
}

/** MetaData style, whole seconds: `YYYY-MM-DDTHH:MM:SS-07:00`. */
export function formatQboTimestamp(instant: Date, offsetMinutes: number): string {
  const l = localParts(instant, offsetMinutes);
  return `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}T${pad(l.getUTCHours())}:${
    pad(l.getUTCMinutes())
  }:${pad(l.getUTCSeconds())}${offsetSuffix(offsetMinutes)}`;
}

/** Envelope `time` style, with milliseconds. */
export function formatQboResponseTime(instant: Date, offsetMinutes: number): string {
  const base = formatQboTimestamp(instant, offsetMinutes);
  const ms = pad(localParts(instant, offsetMinutes).getUTCMilliseconds(), 3);
  return `${base.slice(0, 19)}.${ms}${base.slice(19)}`;
}

/** The company-local calendar date (`YYYY-MM-DD`) of an instant, QBO's default TxnDate. */
export function formatQboDate(instant: Date, offsetMinutes: number): string {
  return formatQboTimestamp(instant, offsetMinutes).slice(0, 10);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
