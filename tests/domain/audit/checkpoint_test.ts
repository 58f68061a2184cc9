import assert from "node:assert/strict";
import {
  type AuditCheckpoint,
  checkpointPayload,
  parseCheckpointPayload,
} from "../../../domain/audit/checkpoint.ts";

const CHECKPOINT: AuditCheckpoint = {
  orgId: "org-1",
  seq: 7,
  hash: "f".repeat(64),
  at: "2026-12-04T01:00:00.000Z",
  purpose: "periodic",
};

Deno.test("checkpointPayload: canonical JSON in the wire names, and parsed back to the same checkpoint", () => {
  const text = checkpointPayload(CHECKPOINT);
  assert.equal(
    text,
    `{"at":"2026-12-04T01:00:00.000Z","hash":"${"f".repeat(64)}","org":"org-1","purpose":"periodic","seq":7}`,
  );
  assert.deepEqual(parseCheckpointPayload(text), CHECKPOINT);
});

Deno.test("parseCheckpointPayload: anything but exactly a checkpoint is refused", () => {
  const good = JSON.parse(checkpointPayload(CHECKPOINT));
  for (
    const bad of [
      "not json",
      "[]",
      "null",
      JSON.stringify({ ...good, seq: -1 }),
      JSON.stringify({ ...good, seq: 1.5 }),
      JSON.stringify({ ...good, seq: "7" }),
      JSON.stringify({ ...good, purpose: "whenever" }),
      JSON.stringify({ ...good, at: "yesterday" }),
      JSON.stringify({ ...good, extra: true }),
      JSON.stringify({ org: "org-1", seq: 7, hash: "x", at: good.at }),
    ]
  ) {
    assert.equal(parseCheckpointPayload(bad), null, bad);
  }
});
