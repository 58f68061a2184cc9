import assert from "node:assert/strict";
import fc from "fast-check";
import {
  checkReturnUrl,
  isLoopbackHostname,
  parseReturnUrlAllowlist,
  parseReturnUrlRule,
  type ReturnUrlAllowlist,
} from "../../../domain/access/return_url_allowlist.ts";

const production = { allowLoopbackHttp: false };
const development = { allowLoopbackHttp: true };

function rules(raw: string, options = production): ReturnUrlAllowlist {
  const parsed = parseReturnUrlAllowlist(raw, options);
  assert.deepEqual(parsed.problems, []);
  return parsed.rules;
}

const allowed = (candidate: string, list: ReturnUrlAllowlist) => checkReturnUrl(candidate, list).allowed;

Deno.test("parseReturnUrlRule: an origin allows every path; a path is a prefix with or without its trailing slash", () => {
  assert.deepEqual(parseReturnUrlRule("https://app.example.com", production), {
    origin: "https://app.example.com",
    pathPrefix: "",
  });
  assert.deepEqual(parseReturnUrlRule("https://app.example.com/", production), {
    origin: "https://app.example.com",
    pathPrefix: "",
  });
  assert.deepEqual(parseReturnUrlRule("https://App.Example.com:443/settings/", production), {
    origin: "https://app.example.com",
    pathPrefix: "/settings",
  });
  assert.deepEqual(parseReturnUrlRule("https://app.example.com:8443/a/b", production), {
    origin: "https://app.example.com:8443",
    pathPrefix: "/a/b",
  });
});

Deno.test("parseReturnUrlRule: refuses non-URLs, other schemes, credentials, queries, fragments and wildcards", () => {
  for (
    const entry of [
      "app.example.com",
      "//app.example.com",
      "ftp://app.example.com",
      "javascript:alert(1)",
      "https://user:pw@app.example.com",
      "https://user@app.example.com",
      "https://app.example.com/?x=1",
      "https://app.example.com/?",
      "https://app.example.com/#top",
      "https://*.example.com",
      "*",
    ]
  ) {
    const parsed = parseReturnUrlRule(entry, development);
    assert.ok("problem" in parsed, `${entry} should be refused, got ${JSON.stringify(parsed)}`);
  }
});

Deno.test("parseReturnUrlRule: http only for loopback hosts, and only when loopback http is allowed (outside production)", () => {
  for (const entry of ["http://localhost:3000", "http://127.0.0.1:5173/app", "http://[::1]:8080"]) {
    assert.ok(!("problem" in parseReturnUrlRule(entry, development)), entry);
    const refused = parseReturnUrlRule(entry, production);
    assert.ok("problem" in refused && /loopback/.test(refused.problem), entry);
  }
  for (const entry of ["http://app.example.com", "http://localhost.evil.io", "http://127.0.0.1.evil.io"]) {
    assert.ok("problem" in parseReturnUrlRule(entry, development), entry);
  }
});

Deno.test("isLoopbackHostname: localhost, 127/8 and ::1 only", () => {
  assert.ok(isLoopbackHostname("localhost"));
  assert.ok(isLoopbackHostname("127.0.0.1"));
  assert.ok(isLoopbackHostname("127.10.0.3"));
  assert.ok(isLoopbackHostname("[::1]"));
  assert.ok(!isLoopbackHostname("localhost.evil.io"));
  assert.ok(!isLoopbackHostname("128.0.0.1"));
  assert.ok(!isLoopbackHostname("127.0.0.1.nip.io"));
});

Deno.test("parseReturnUrlAllowlist: comma-separated, blanks ignored, every bad entry reported", () => {
  const parsed = parseReturnUrlAllowlist(
    " https://a.example.com , ,https://b.example.com/x/,ftp://c,http://d",
    production,
  );
  assert.deepEqual(parsed.rules, [
    { origin: "https://a.example.com", pathPrefix: "" },
    { origin: "https://b.example.com", pathPrefix: "/x" },
  ]);
  assert.equal(parsed.problems.length, 2);
  assert.deepEqual(parseReturnUrlAllowlist(undefined, production), { rules: [], problems: [] });
});

Deno.test("checkReturnUrl: look-alike hosts are refused (suffix, userinfo, path, backslash, encoded tricks)", () => {
  const list = rules("https://app.example.com");
  for (
    const evil of [
      "https://app.example.com.evil.io",
      "https://app.example.com.evil.io/",
      "https://app.example.com@evil.io",
      "https://app.example.com@evil.io/settings",
      "https://app.example.com:443@evil.io",
      "https://user:pw@app.example.com/",
      "https://evil.io/https://app.example.com",
      "https://evil.io?https://app.example.com",
      "https://evil.io#https://app.example.com",
      "https://evilapp.example.com",
      "https://app.example.co",
      "https://app.example.com%40@evil.io",
      "https:\\\\evil.io",
      "//app.example.com/",
      "/settings",
      "app.example.com",
      "javascript://app.example.com/%0Aalert(1)",
      "data:text/html,https://app.example.com",
      " https://app.example.com",
      "https://app.example.com/\n",
      "https://app.exa\tmple.com/",
    ]
  ) {
    assert.equal(allowed(evil, list), false, evil);
  }
});

Deno.test("checkReturnUrl: a backslash is a slash for the parser, so it cannot smuggle another host", () => {
  const list = rules("https://app.example.com");
  const verdict = checkReturnUrl("https://app.example.com\\@evil.io", list);
  // WHATWG parsing: host app.example.com, path /@evil.io; the stored URL is the normalized one.
  assert.deepEqual(verdict, { allowed: true, url: "https://app.example.com/@evil.io" });
});

Deno.test("checkReturnUrl: the scheme and port must match the entry exactly; default ports are normalized", () => {
  const list = rules("https://app.example.com");
  assert.equal(allowed("http://app.example.com/", list), false);
  assert.equal(allowed("https://app.example.com:8443/", list), false);
  assert.equal(allowed("https://app.example.com:443/", list), true);
  assert.equal(allowed("HTTPS://APP.EXAMPLE.COM/Settings", list), true);
  const withPort = rules("https://app.example.com:8443");
  assert.equal(allowed("https://app.example.com:8443/x", withPort), true);
  assert.equal(allowed("https://app.example.com/x", withPort), false);
  assert.equal(allowed("https://app.example.com:844/x", withPort), false);
});

Deno.test("checkReturnUrl: a path prefix matches on segment boundaries, after dot segments are resolved", () => {
  for (const entry of ["https://app.example.com/settings", "https://app.example.com/settings/"]) {
    const list = rules(entry);
    assert.equal(allowed("https://app.example.com/settings", list), true, entry);
    assert.equal(allowed("https://app.example.com/settings/", list), true, entry);
    assert.equal(allowed("https://app.example.com/settings/quickbooks?tab=2#done", list), true, entry);
    assert.equal(allowed("https://app.example.com/settings-evil", list), false, entry);
    assert.equal(allowed("https://app.example.com/settingsx/y", list), false, entry);
    assert.equal(allowed("https://app.example.com/", list), false, entry);
    assert.equal(allowed("https://app.example.com", list), false, entry);
    assert.equal(allowed("https://app.example.com/Settings", list), false, entry);
    assert.equal(allowed("https://app.example.com/settings/../admin", list), false, entry);
    assert.equal(allowed("https://app.example.com/settings/%2e%2e/admin", list), false, entry);
    assert.equal(allowed("https://app.example.com/settings%2F..%2Fadmin", list), false, entry);
    assert.equal(allowed("https://app.example.com/admin/../settings/x", list), true, entry);
  }
});

Deno.test("checkReturnUrl: the stored URL is the normalized one, query and fragment kept", () => {
  const list = rules("https://app.example.com/settings");
  assert.deepEqual(checkReturnUrl("https://App.Example.com:443/settings/./qbo?tab=1#x", list), {
    allowed: true,
    url: "https://app.example.com/settings/qbo?tab=1#x",
  });
});

Deno.test("checkReturnUrl: loopback http entries match their own port only", () => {
  const list = rules("http://localhost:3000,http://127.0.0.1:5173/app", development);
  assert.equal(allowed("http://localhost:3000/done", list), true);
  assert.equal(allowed("http://localhost:3001/done", list), false);
  assert.equal(allowed("https://localhost:3000/done", list), false);
  assert.equal(allowed("http://127.0.0.1:5173/app/x", list), true);
  assert.equal(allowed("http://127.0.0.1:5173/other", list), false);
  assert.equal(allowed("http://localhost:5173/app/x", list), false);
});

Deno.test("checkReturnUrl: an empty allow-list refuses everything; over-long URLs are refused", () => {
  assert.deepEqual(checkReturnUrl("https://app.example.com/", []), {
    allowed: false,
    reason: "no return URL is allowed by the configuration",
  });
  const list = rules("https://app.example.com");
  assert.equal(allowed(`https://app.example.com/${"a".repeat(2100)}`, list), false);
});

Deno.test("checkReturnUrl: whatever is allowed has exactly an allowed origin and a path under the prefix", () => {
  const list = rules("https://app.example.com/settings,https://admin.example.com:8443");
  const piece = fc.constantFrom(
    "app.example.com",
    "admin.example.com",
    ":8443",
    ":443",
    "@",
    ".",
    "/",
    "\\",
    "..",
    "%2e",
    "%2F",
    "settings",
    "evil.io",
    "?",
    "#",
    "-",
    "https://",
  );
  fc.assert(
    fc.property(
      fc.constantFrom("https://", "http://", "HTTPS://"),
      fc.array(piece, { maxLength: 8 }),
      (s, ps) => {
        const candidate = s + ps.join("");
        const verdict = checkReturnUrl(candidate, list);
        if (!verdict.allowed) return;
        const url = new URL(verdict.url);
        assert.equal(url.username + url.password, "");
        if (url.origin === "https://app.example.com") {
          assert.ok(url.pathname === "/settings" || url.pathname.startsWith("/settings/"), candidate);
        } else {
          assert.equal(url.origin, "https://admin.example.com:8443", candidate);
        }
      },
    ),
    { numRuns: 2000 },
  );
});
