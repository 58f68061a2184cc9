import { canonicalJson } from "../shared/canonical_json.ts";

/**
 * A statement about one organization's audit trail: "at `at`, record `seq` of `orgId`'s chain had
 * hash `hash`". Signed, it lets anyone holding it check later that the trail they are shown is an
 * extension of the one that existed then: record `seq` must still have that hash, and every record
 * after it must chain to it.
 */
export interface AuditCheckpoint {
  readonly orgId: string;
  /** The chain position the checkpoint covers (every record up to and including it); 0: empty. */
  readonly seq: number;
  /** The hash of record `seq` ("" for an empty trail). */
  readonly hash: string;
  /** ISO-8601 instant the checkpoint was made. */
  readonly at: string;
  /** What the checkpoint is for: `periodic`, `on_demand`, `export`, or `retention` (the anchor of a pruned prefix). */
  readonly purpose: CheckpointPurpose;
}

export const CHECKPOINT_PURPOSES = ["periodic", "on_demand", "export", "retention"] as const;
export type CheckpointPurpose = typeof CHECKPOINT_PURPOSES[number];

/** A checkpoint with its signature: a compact JWS over {@link checkpointPayload}, naming its key id. */
export interface SignedCheckpoint {
  readonly checkpoint: AuditCheckpoint;
  readonly keyId: string;
  /** Compact JWS (`header.payload.signature`) whose payload is the checkpoint's canonical JSON. */
  readonly jws: string;
}

/**
 * The bytes a checkpoint signature covers: the canonical JSON of its fields in the wire names
 * (`org`, `seq`, `hash`, `at`, `purpose`), so a verifier in any language recomputes them.
 *
 * @example
 * ```ts
 * checkpointPayload({ orgId: "org-1", seq: 3, hash: "ab", at: "2026-12-04T00:00:00.000Z", purpose: "periodic" });
 * // '{"at":"2026-12-04T00:00:00.000Z","hash":"ab","org":"org-1","purpose":"periodic","seq":3}'
 * ```
 */
export function checkpointPayload(checkpoint: AuditCheckpoint): string {
  return canonicalJson({
    org: checkpoint.orgId,
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    at: checkpoint.at,
    purpose: checkpoint.purpose,
  });
}

/**
 * Reads a checkpoint back from the JSON a signature covered; null when it is not one (a missing or
 * mistyped field, an unknown purpose, a negative or fractional seq).
 *
 * @example
 * ```ts
 * parseCheckpointPayload('{"at":"2026-12-04T00:00:00.000Z","hash":"ab","org":"org-1","purpose":"periodic","seq":3}')?.seq; // 3
 * ```
 */
export function parseCheckpointPayload(text: string): AuditCheckpoint | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(",");
  if (keys !== "at,hash,org,purpose,seq") return null;
  if (typeof v.org !== "string" || typeof v.hash !== "string" || typeof v.at !== "string") return null;
  if (typeof v.seq !== "number" || !Number.isInteger(v.seq) || v.seq < 0) return null;
  if (!CHECKPOINT_PURPOSES.includes(v.purpose as CheckpointPurpose)) return null;
  if (Number.isNaN(Date.parse(v.at))) return null;
  return { orgId: v.org, seq: v.seq, hash: v.hash, at: v.at, purpose: v.purpose as CheckpointPurpose };
}
