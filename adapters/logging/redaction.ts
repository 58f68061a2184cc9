/**
 * Redaction of secrets from log events. Keys that name secrets are replaced whatever their value;
 * string values that look like credentials (bearer headers, JWTs, Intuit refresh tokens) are
 * replaced wherever they appear, so a token that slips into a message or an error is still hidden.
 */
const SECRET_KEY = /(token|secret|password|passwd|authorization|cookie|api[_-]?key|client[_-]?secret|code[_-]?verifier|private[_-]?key|signature|authorization_code|^key$)/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+\/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const JWE = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;
const INTUIT_REFRESH = /\bAB11[A-Za-z0-9]{20,}\b/g;
export const REDACTED = "[REDACTED]";

/** Replaces credential-looking substrings of a string. */
export function redactString(value: string): string {
  return value.replace(JWE, REDACTED).replace(JWT, REDACTED).replace(BEARER, `$1 ${REDACTED}`)
    .replace(INTUIT_REFRESH, REDACTED);
}

/** Deep copy of `value` with secret-named keys and credential-looking strings redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[TRUNCATED]";
  if (typeof value === "string") return redactString(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), ...(redact({ ...value }, depth + 1) as object) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Headers) return redact(Object.fromEntries(value.entries()), depth + 1);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== "boolean" && typeof v !== "number"
        ? REDACTED
        : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
