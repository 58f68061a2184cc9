import assert from "node:assert/strict";
import { JsonLogger } from "../../../adapters/logging/json_logger.ts";
import { redact } from "../../../adapters/logging/redaction.ts";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXZhbHVl";

Deno.test("JsonLogger writes one JSON object per event with level filtering", () => {
  const lines: string[] = [];
  const log = new JsonLogger({ level: "info", sink: (l) => lines.push(l), now: () => new Date("2026-01-01T00:00:00Z") });
  log.debug("hidden");
  log.info("hello", { org_id: "o1" });
  log.child({ request_id: "r1" }).warn("careful", { n: 2 });
  assert.equal(lines.length, 2);
  assert.deepEqual(JSON.parse(lines[0]), { time: "2026-01-01T00:00:00.000Z", level: "info", msg: "hello", org_id: "o1" });
  assert.deepEqual(JSON.parse(lines[1]), {
    time: "2026-01-01T00:00:00.000Z",
    level: "warn",
    msg: "careful",
    request_id: "r1",
    n: 2,
  });
});

Deno.test("JsonLogger redacts tokens, secrets and Authorization headers wherever they appear", () => {
  const lines: string[] = [];
  const log = new JsonLogger({ level: "debug", sink: (l) => lines.push(l) });
  log.info(`refresh failed for Bearer ${JWT}`, {
    access_token: JWT,
    refresh_token: "AB11700000000000000000000000000000000000",
    client_secret: "s3cr3t",
    headers: { Authorization: `Bearer ${JWT}`, "content-type": "application/json" },
    nested: { deep: [{ password: "pw", note: `token is ${JWT}` }] },
    error: new Error(`upstream said AB11712345678901234567890123 and ${JWT}`),
    code: "QB002",
    has_token: true,
  });
  const text = lines.join("\n");
  for (const secret of [JWT, "AB1170000", "s3cr3t", "\"pw\"", "AB11712345678901234567890123"]) {
    assert.ok(!text.includes(secret), `leaked ${secret}`);
  }
  const event = JSON.parse(lines[0]);
  assert.equal(event.headers.Authorization, "[REDACTED]");
  assert.equal(event.headers["content-type"], "application/json");
  assert.equal(event.code, "QB002", "error codes are not secrets");
  assert.equal(event.has_token, true, "booleans about tokens are kept");
  assert.match(event.msg, /Bearer \[REDACTED\]/);
  assert.match(event.nested.deep[0].note, /token is \[REDACTED\]/);
});

Deno.test("redact leaves ordinary values alone", () => {
  assert.deepEqual(redact({ a: 1, b: "plain text", c: [true, null] }), { a: 1, b: "plain text", c: [true, null] });
});
