/**
 * IP addresses and CIDR ranges (IPv4 and IPv6): an API key's allow-list and the trusted proxies
 * whose forwarded header is believed. Parsing and matching come from a library at the edge
 * (adapters/http/ip_addresses.ts, ipaddr.js), so the domain only names what it needs.
 */

/** A parsed range, kept as its canonical text (`203.0.113.0/24`, `2001:db8::/32`). */
export type IpRange = string;

/** The parse of a list of ranges: the canonical ranges, and a problem per entry that is not one. */
export interface IpRangesParse {
  readonly ranges: readonly IpRange[];
  readonly problems: readonly { readonly index: number; readonly value: string; readonly problem: string }[];
}

export interface IpAddresses {
  /**
   * The canonical form of an address, or null when `text` is not an IPv4 or IPv6 address (dotted
   * quads only). An IPv4 address written as IPv6 (`::ffff:203.0.113.7`) is the IPv4 address.
   */
  canonicalAddress(text: string): string | null;
  /** CIDR ranges; a bare address is the range of that one address; host bits past the prefix cleared. */
  parseRanges(values: readonly string[]): IpRangesParse;
  /** Whether `address` lies in one of `ranges` (canonical ranges); one that does not parse lies in none. */
  inRanges(address: string, ranges: readonly IpRange[]): boolean;
}
