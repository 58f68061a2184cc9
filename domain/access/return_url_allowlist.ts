/**
 * Where the OAuth callback may send the user's browser back to: an allow-list of origins with an
 * optional path prefix. Both the entries and the candidate are parsed as WHATWG URLs and compared
 * part by part (scheme + host + port exactly, then the path on a segment boundary), never as raw
 * strings, so `https://app.example.com.evil.io` and `https://app.example.com@evil.io` never pass
 * for `https://app.example.com`. The callback redirects to the parsed, re-serialized URL, so the
 * browser reads the same host this check read.
 */

/** One allowed place: an origin (`https://app.example.com:8443`) and a path prefix (`/settings`, or `""` for any path). */
export interface ReturnUrlRule {
  readonly origin: string;
  readonly pathPrefix: string;
}

/** The parsed allow-list; empty means no return URL is accepted. */
export type ReturnUrlAllowlist = readonly ReturnUrlRule[];

/** The verdict on a candidate: the normalized URL to store, or why it was refused. */
export type ReturnUrlCheck =
  | { readonly allowed: true; readonly url: string }
  | { readonly allowed: false; readonly reason: string };

/** Longest return URL accepted (browsers and proxies start truncating beyond this). */
export const MAX_RETURN_URL_LENGTH = 2048;

/** A DNS name (IDNs arrive as punycode), an IPv4 address or a bracketed IPv6 address. */
const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/;
const LOOPBACK_HOSTNAMES = new Set(["localhost", "[::1]"]);

/** True for `localhost`, `127.0.0.0/8` and `[::1]` (hostnames as the URL parser normalizes them). */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function parseAbsolute(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Parses one allow-list entry: an absolute `https` URL (or `http` on a loopback host when
 * `allowLoopbackHttp`), without credentials, query or fragment. Its path is a prefix on segment
 * boundaries; a trailing slash makes no difference, and no path (or `/`) allows every path.
 *
 * @example
 * ```ts
 * parseReturnUrlRule("https://app.example.com/settings/", { allowLoopbackHttp: false });
 * // => { origin: "https://app.example.com", pathPrefix: "/settings" }
 * parseReturnUrlRule("http://app.example.com", { allowLoopbackHttp: true });
 * // => { problem: "http is allowed only for loopback hosts (localhost, 127.0.0.1, [::1]) outside production" }
 * ```
 */
export function parseReturnUrlRule(
  entry: string,
  options: { readonly allowLoopbackHttp: boolean },
): ReturnUrlRule | { readonly problem: string } {
  const url = /^https?:\/\//i.test(entry) ? parseAbsolute(entry) : null;
  if (!url) return { problem: `"${entry}" is not an absolute http(s) URL` };
  if (url.username || url.password) return { problem: `"${entry}" must not carry credentials` };
  if (url.search || url.hash || entry.includes("?") || entry.includes("#")) {
    return { problem: `"${entry}" must not have a query or fragment` };
  }
  if (!HOSTNAME.test(url.hostname)) {
    return { problem: `"${entry}" must name one host (letters, digits, dots, hyphens; no wildcards)` };
  }
  if (url.protocol === "http:" && !(options.allowLoopbackHttp && isLoopbackHostname(url.hostname))) {
    return {
      problem:
        `"${entry}": http is allowed only for loopback hosts (localhost, 127.0.0.1, [::1]) outside production`,
    };
  }
  return { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, "") };
}

/**
 * Parses a comma-separated allow-list (blank entries ignored), collecting every bad entry.
 *
 * @example
 * ```ts
 * parseReturnUrlAllowlist("https://app.example.com, https://admin.example.com/qbo", { allowLoopbackHttp: false });
 * // => { rules: [{ origin: "https://app.example.com", pathPrefix: "" },
 * //              { origin: "https://admin.example.com", pathPrefix: "/qbo" }], problems: [] }
 * ```
 */
export function parseReturnUrlAllowlist(
  raw: string | undefined,
  options: { readonly allowLoopbackHttp: boolean },
): { readonly rules: ReturnUrlAllowlist; readonly problems: readonly string[] } {
  const rules: ReturnUrlRule[] = [];
  const problems: string[] = [];
  for (const entry of (raw ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const parsed = parseReturnUrlRule(entry, options);
    if ("problem" in parsed) problems.push(parsed.problem);
    else rules.push(parsed);
  }
  return { rules, problems };
}

function pathMatches(pathname: string, prefix: string): boolean {
  return prefix === "" || pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * Checks a candidate return URL against the allow-list. Allowed when it is an absolute http(s) URL
 * without credentials whose origin (scheme, host, port; default ports and letter case normalized)
 * equals a rule's and whose path (dot segments resolved) is the rule's prefix or lies below it.
 * A query and a fragment of the candidate are kept.
 *
 * @example
 * ```ts
 * const rules = [{ origin: "https://app.example.com", pathPrefix: "/settings" }];
 * checkReturnUrl("https://APP.example.com:443/settings/qbo?tab=1", rules);
 * // => { allowed: true, url: "https://app.example.com/settings/qbo?tab=1" }
 * checkReturnUrl("https://app.example.com.evil.io/settings", rules).allowed; // => false
 * checkReturnUrl("https://app.example.com/settings-evil", rules).allowed; // => false
 * ```
 */
export function checkReturnUrl(candidate: string, rules: ReturnUrlAllowlist): ReturnUrlCheck {
  if (candidate.length > MAX_RETURN_URL_LENGTH) {
    return { allowed: false, reason: `longer than ${MAX_RETURN_URL_LENGTH} characters` };
  }
  // The parser would silently drop tabs and newlines; a URL that needs them removed is refused.
  if ([...candidate].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f)) {
    return { allowed: false, reason: "contains whitespace or control characters" };
  }
  const url = /^https?:\/\//i.test(candidate) ? parseAbsolute(candidate) : null;
  if (!url) return { allowed: false, reason: "not an absolute http(s) URL" };
  if (url.username || url.password) {
    return { allowed: false, reason: "a return URL must not carry credentials" };
  }
  if (rules.length === 0) return { allowed: false, reason: "no return URL is allowed by the configuration" };
  const match = rules.some((rule) =>
    rule.origin === url.origin && pathMatches(url.pathname, rule.pathPrefix)
  );
  return match
    ? { allowed: true, url: url.href }
    : { allowed: false, reason: "the origin or path is not in the allow-list" };
}
