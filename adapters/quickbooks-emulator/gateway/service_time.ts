/**
 * QBO writes envelope times in the company's local offset with milliseconds
 * (`2017-09-29T09:17:31.892-07:00`). Gateway-level faults are not tied to a company; they use
 * Pacific daylight time, the offset of Intuit's sandbox companies.
 */
const GATEWAY_OFFSET_MINUTES = -420;

export function formatGatewayTime(instant: Date): string {
  const local = new Date(instant.getTime() + GATEWAY_OFFSET_MINUTES * 60_000).toISOString();
  const abs = Math.abs(GATEWAY_OFFSET_MINUTES);
  const sign = GATEWAY_OFFSET_MINUTES < 0 ? "-" : "+";
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${
    String(abs % 60).padStart(2, "0")
  }`;
  return local.slice(0, 23) + offset;
}
