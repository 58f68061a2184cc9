import assert from "node:assert/strict";
import { decodeRecordCursor, encodeRecordCursor } from "../../../src/intake/record_cursor.ts";
import { DomainError } from "../../../domain/errors.ts";

Deno.test("encodeRecordCursor round-trips any id through a URL-safe token", () => {
  for (const id of ["t1", "ténant/ü 42", "a+b/c=d", "x".repeat(100)]) {
    const cursor = encodeRecordCursor(id);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.equal(decodeRecordCursor(cursor), id);
  }
});

Deno.test("decodeRecordCursor rejects tokens it did not make with VALIDATION_FAILED on query.cursor", () => {
  for (const bad of ["not*a*cursor", "", "_w"]) {
    assert.throws(() => decodeRecordCursor(bad), (e: unknown) => {
      assert.ok(e instanceof DomainError);
      assert.equal(e.code, "VALIDATION_FAILED");
      assert.deepEqual((e.details.issues as { path: string }[]).map((i) => i.path), ["query.cursor"]);
      return true;
    }, JSON.stringify(bad));
  }
});
