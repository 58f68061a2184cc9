import type { Context } from "hono";
import type { IpRange } from "../../domain/ports/ip_addresses.ts";
import { ipAddresses } from "./ip_addresses.ts";

const { canonicalAddress, inRanges } = ipAddresses;

/** The runtime's connection info (Hono's `getConnInfo` of the runtime adapter in use). */
export type ConnectionInfo = (c: Context) => { readonly remote: { readonly address?: string } };

/** The client's address for a request, or null when it cannot be known. */
export type ClientAddress = (c: Context) => string | null;

/** One `X-Forwarded-For` entry as an address (ports and brackets dropped), or null. */
function hopAddress(entry: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return canonicalAddress(bracketed[1]);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return canonicalAddress(v4WithPort ? v4WithPort[1] : entry);
}

/**
 * Where a request comes from: the connection's peer address, unless that peer is one of the trusted
 * proxies, in which case `X-Forwarded-For` is read from the right (each trusted proxy appends the
 * address it saw) and the first hop that is not a trusted proxy is the client. A malformed hop, or
 * no connection info (an in-process request), makes the address unknown (null), never a guess: an
 * API key with an IP allow-list is then refused.
 */
export function clientAddressResolver(
  options: { readonly connectionInfo?: ConnectionInfo; readonly trustedProxies: readonly IpRange[] },
): ClientAddress {
  const trusted = options.trustedProxies;
  return (c) => {
    let peer: string | null = null;
    try {
      peer = options.connectionInfo ? canonicalAddress(options.connectionInfo(c).remote.address ?? "") : null;
    } catch {
      peer = null; // no connection behind this request (app.request() in-process)
    }
    if (peer === null || trusted.length === 0 || !inRanges(peer, trusted)) return peer;
    const hops = (c.req.header("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    let address = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hopAddress(hops[i]);
      if (hop === null) return null;
      address = hop;
      if (!inRanges(hop, trusted)) return hop;
    }
    return address;
  };
}
