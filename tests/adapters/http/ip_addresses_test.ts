import assert from "node:assert/strict";
import { ipAddresses } from "../../../adapters/http/ip_addresses.ts";

const { canonicalAddress, inRanges, parseRanges: parseIpRanges } = ipAddresses;

Deno.test("canonicalAddress: IPv4, IPv6 (bracketed too), IPv4-mapped IPv6 as IPv4; nothing else", () => {
  assert.equal(canonicalAddress("203.0.113.7"), "203.0.113.7");
  assert.equal(canonicalAddress("2001:DB8:0:0::1"), "2001:db8::1");
  assert.equal(canonicalAddress("[::1]"), "::1");
  assert.equal(canonicalAddress("::ffff:203.0.113.7"), "203.0.113.7");
  for (const bad of ["", "localhost", "1", "0x7f.0.0.1", "256.1.1.1", "1.2.3.4:80", "2001:db8::g"]) {
    assert.equal(canonicalAddress(bad), null, bad);
  }
});

Deno.test("parseIpRanges: CIDR and bare addresses, host bits cleared, duplicates folded, problems by index", () => {
  const parsed = parseIpRanges([
    "10.1.2.3/8",
    "2001:db8::1",
    "10.0.0.0/8",
    "192.0.2.0/33",
    "nope",
    "1.2.3.4/8/1",
  ]);
  assert.deepEqual(parsed.ranges, ["10.0.0.0/8", "2001:db8::1/128"]);
  assert.deepEqual(parsed.problems.map((p) => [p.index, p.value]), [[3, "192.0.2.0/33"], [4, "nope"], [
    5,
    "1.2.3.4/8/1",
  ]]);
  assert.match(parsed.problems[0].problem, /0 to 32/);
  assert.deepEqual(parseIpRanges(["2001:db8::/129"]).problems.map((p) => p.problem), [
    "the prefix length must be 0 to 128",
  ]);
});

Deno.test("inRanges: matches within the family only; IPv4-mapped addresses match IPv4 ranges", () => {
  const ranges = parseIpRanges(["203.0.113.0/24", "2001:db8::/32"]).ranges;
  assert.equal(inRanges("203.0.113.255", ranges), true);
  assert.equal(inRanges("203.0.114.0", ranges), false);
  assert.equal(inRanges("::ffff:203.0.113.9", ranges), true);
  assert.equal(inRanges("2001:db8:ffff::1", ranges), true);
  assert.equal(inRanges("2001:db9::1", ranges), false);
  assert.equal(inRanges("not an address", ranges), false);
  assert.equal(inRanges("127.0.0.1", parseIpRanges(["0.0.0.0/0"]).ranges), true);
  assert.equal(inRanges("::1", parseIpRanges(["0.0.0.0/0"]).ranges), false);
});
