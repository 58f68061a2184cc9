import ipaddr from "ipaddr.js";
import type { IpAddresses, IpRange, IpRangesParse } from "../../domain/ports/ip_addresses.ts";

/**
 * The canonical form of an address, or null when `text` is not an IPv4 or IPv6 address.
 *
 * @example
 * ```ts
 * canonicalAddress("::ffff:203.0.113.7"); // "203.0.113.7"
 * canonicalAddress("2001:DB8::1"); // "2001:db8::1"
 * ```
 */
function canonicalAddress(text: string): string | null {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, "$1");
  if (!ipaddr.isValid(trimmed)) return null;
  // ipaddr accepts some non-standard IPv4 spellings ("1", "0x7f.1"); an address must be dotted quads.
  if (!trimmed.includes(":") && !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return null;
  return ipaddr.process(trimmed).toString();
}

/**
 * Parses CIDR ranges; a bare address is the range of that one address (/32, /128). Host bits past
 * the prefix are cleared (`10.1.2.3/8` is `10.0.0.0/8`).
 *
 * @example
 * ```ts
 * parseIpRanges(["10.1.2.3/8", "2001:db8::1", "nope"]).ranges; // ["10.0.0.0/8", "2001:db8::1/128"]
 * ```
 */
function parseIpRanges(values: readonly string[]): IpRangesParse {
  const ranges: IpRange[] = [];
  const problems: { index: number; value: string; problem: string }[] = [];
  values.forEach((value, index) => {
    const [address, bits, ...extra] = value.trim().split("/");
    const canonical = canonicalAddress(address ?? "");
    if (canonical === null || extra.length > 0) {
      problems.push({ index, value, problem: "not an IPv4 or IPv6 address or CIDR range" });
      return;
    }
    const kind = ipaddr.parse(canonical).kind();
    const max = kind === "ipv4" ? 32 : 128;
    const length = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!(length >= 0 && length <= max)) {
      problems.push({ index, value, problem: `the prefix length must be 0 to ${max}` });
      return;
    }
    const network = kind === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${canonical}/${length}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${canonical}/${length}`);
    ranges.push(`${network.toString()}/${length}`);
  });
  return { ranges: [...new Set(ranges)], problems };
}

/**
 * Whether `address` lies in one of `ranges` (canonical ranges from `parseIpRanges`). An address
 * that does not parse lies in none.
 *
 * @example
 * ```ts
 * inRanges("203.0.113.7", ["203.0.113.0/24"]); // true
 * inRanges("::ffff:203.0.113.7", ["203.0.113.0/24"]); // true
 * inRanges("2001:db8::1", ["203.0.113.0/24"]); // false
 * ```
 */
function inRanges(address: string, ranges: readonly IpRange[]): boolean {
  const canonical = canonicalAddress(address);
  if (canonical === null) return false;
  const parsed = ipaddr.parse(canonical);
  return ranges.some((range) => {
    const [network, bits] = ipaddr.parseCIDR(range);
    return network.kind() === parsed.kind() && parsed.match(network, bits);
  });
}

/** The IpAddresses port over ipaddr.js. */
export const ipAddresses: IpAddresses = { canonicalAddress, parseRanges: parseIpRanges, inRanges };
