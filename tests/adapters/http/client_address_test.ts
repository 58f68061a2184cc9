import assert from "node:assert/strict";
import type { Context } from "hono";
import { clientAddressResolver } from "../../../adapters/http/client_address.ts";
import { ipAddresses } from "../../../adapters/http/ip_addresses.ts";

function context(peer: string | null, forwarded?: string): Context {
  return {
    env: peer === null ? undefined : { remoteAddr: { hostname: peer } },
    req: { header: (name: string) => name.toLowerCase() === "x-forwarded-for" ? forwarded : undefined },
  } as unknown as Context;
}
const connectionInfo = (c: Context) => ({
  remote: { address: (c.env as { remoteAddr: { hostname: string } }).remoteAddr.hostname },
});

Deno.test("clientAddressResolver: the connection's address; X-Forwarded-For is ignored without trusted proxies", () => {
  const resolve = clientAddressResolver({ connectionInfo, trustedProxies: [] });
  assert.equal(resolve(context("203.0.113.7", "198.51.100.1")), "203.0.113.7");
  assert.equal(resolve(context("::ffff:203.0.113.7")), "203.0.113.7");
  assert.equal(resolve(context(null)), null, "no connection (in-process): unknown");
  assert.equal(clientAddressResolver({ trustedProxies: [] })(context("203.0.113.7")), null);
});

Deno.test("clientAddressResolver: behind trusted proxies, the first hop from the right that is not one", () => {
  const trustedProxies = ipAddresses.parseRanges(["10.0.0.0/8", "fd00::/8"]).ranges;
  const resolve = clientAddressResolver({ connectionInfo, trustedProxies });
  assert.equal(resolve(context("10.0.0.2", "198.51.100.9, 2001:db8::5, 10.0.0.9")), "2001:db8::5");
  assert.equal(resolve(context("10.0.0.2", "198.51.100.9:5123")), "198.51.100.9");
  assert.equal(resolve(context("fd00::1", "[2001:db8::7]:443")), "2001:db8::7");
  assert.equal(resolve(context("10.0.0.2")), "10.0.0.2", "a proxy that forwards nothing is the client");
  assert.equal(
    resolve(context("10.0.0.2", "spoofed, 10.0.0.3")),
    null,
    "a malformed hop: unknown, not a proxy",
  );
  assert.equal(
    resolve(context("203.0.113.7", "198.51.100.9")),
    "203.0.113.7",
    "an untrusted peer's header is ignored",
  );
});
