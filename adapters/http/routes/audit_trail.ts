import { createRoute, z } from "@hono/zod-openapi";
import { stringify } from "csv-stringify/sync";
import { PUBLIC, requires } from "../access.ts";
import { raises } from "../error_responses.ts";
import type { SignedCheckpoint } from "../../../domain/audit/checkpoint.ts";
import type { AuditRecord } from "../../../domain/ports/audit_log.ts";
import type { PublicJwk } from "../../../domain/ports/audit_signer.ts";
import type {
  AuditTrailFilter,
  AuditTrailPage,
  AuditVerification,
  AuditVerifyRequest,
} from "../../../domain/audit/trail_views.ts";
import type { ApiApp, Caller } from "../api_types.ts";
import { envelopeOf, successEnvelope } from "../envelope.ts";

/** What the audit trail routes need from the application. */
export interface AuditTrailServices {
  queryAuditTrail(
    caller: Caller,
    filter: AuditTrailFilter,
    page: { afterSeq?: number; limit: number },
  ): Promise<AuditTrailPage>;
  verifyAuditTrail(caller: Caller, request: AuditVerifyRequest): Promise<AuditVerification>;
  checkpointNow(caller: Caller): Promise<SignedCheckpoint>;
  listCheckpoints(
    caller: Caller,
    options: { beforeSeq?: number; limit: number },
  ): Promise<SignedCheckpoint[]>;
  auditSigningKeys(): Promise<readonly PublicJwk[]>;
  exportAuditTrail(
    caller: Caller,
    filter: AuditTrailFilter,
    format: "ndjson" | "csv",
    requestId: string,
  ): Promise<{ checkpoint: SignedCheckpoint; records: AsyncIterable<AuditRecord> }>;
}

const CHAIN_FIELDS = [
  "seq",
  "org_id",
  "at",
  "actor",
  "action",
  "target",
  "details",
  "request_id",
  "prev_hash",
  "hash",
] as const;

const AuditTrailRecord = z.object({
  seq: z.number().int(),
  org_id: z.string(),
  at: z.string(),
  actor: z.string().openapi({
    description: "`user:<sub>`, `api_key:<id>`, `system:worker`, `system:scheduler`",
  }),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  request_id: z.string().nullable(),
  prev_hash: z.string(),
  hash: z.string(),
}).openapi("AuditTrailRecord");

const Checkpoint = z.object({
  org_id: z.string(),
  seq: z.number().int().openapi({
    description: "The last chain position the checkpoint covers (0: empty trail)",
  }),
  hash: z.string(),
  at: z.string(),
  purpose: z.enum(["periodic", "on_demand", "export", "retention"]),
  key_id: z.string(),
  jws: z.string().openapi({
    description: "Compact JWS (EdDSA) whose payload is the canonical JSON `{at, hash, org, purpose, seq}`; " +
      "verify it with the key of `key_id` in `GET /audit-trail/keys`",
  }),
}).openapi("AuditCheckpoint");

const Verification = z.object({
  valid: z.boolean(),
  from_seq: z.number().int().nullable(),
  to_seq: z.number().int().nullable(),
  verified: z.number().int().openapi({
    description: "Records whose hash and link were checked before any break",
  }),
  last_hash: z.string().nullable(),
  checkpoints_checked: z.number().int().nullable(),
  anchor: z.object({ seq: z.number().int(), hash: z.string() }).nullable().openapi({
    description: "The retention anchor verification started from (null: from the first record)",
  }),
  first_broken_seq: z.number().int().nullable().openapi({
    description:
      "The first chain position that fails; null when valid, or when the checkpoint given is unusable",
  }),
  reason: z.string().nullable().openapi({
    description: "changed_content, missing_record, out_of_place, other_organization, checkpoint_mismatch, " +
      "checkpoint_beyond_trail, checkpoint_other_organization, checkpoint_malformed, checkpoint_unknown_key, " +
      "checkpoint_bad_signature, checkpoint_bad_payload",
  }),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
}).openapi("AuditVerification");

const FilterQuery = {
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional().openapi({
    description: "An exact action, or every action under a prefix ending in a dot (`sync.`)",
  }),
  target_type: z.string().min(1).max(64).optional().openapi({
    description: "`realm`, `property`, `record`, ...",
  }),
  target_id: z.string().min(1).max(200).optional(),
  outcome: z.string().min(1).max(32).optional().openapi({
    description: "`details.outcome`: succeeded, failed, ...",
  }),
  from: z.iso.datetime().optional().openapi({ description: "Records at or after this instant" }),
  to: z.iso.datetime().optional().openapi({ description: "Records before this instant" }),
};

function filterOf(q: {
  actor?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  outcome?: string;
  from?: string;
  to?: string;
}): AuditTrailFilter {
  return {
    actor: q.actor,
    action: q.action,
    targetType: q.target_type,
    targetId: q.target_id,
    outcome: q.outcome,
    from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
    to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
  };
}

function recordToApi(r: AuditRecord) {
  return {
    seq: r.seq,
    org_id: r.orgId,
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target,
    details: r.details,
    request_id: r.requestId,
    prev_hash: r.prevHash,
    hash: r.hash,
  };
}

function checkpointToApi(s: SignedCheckpoint) {
  const c = s.checkpoint;
  return {
    org_id: c.orgId,
    seq: c.seq,
    hash: c.hash,
    at: c.at,
    purpose: c.purpose,
    key_id: s.keyId,
    jws: s.jws,
  };
}

function verificationToApi(v: AuditVerification) {
  return v.valid
    ? {
      valid: true,
      from_seq: v.fromSeq,
      to_seq: v.toSeq,
      verified: v.verified,
      last_hash: v.lastHash,
      checkpoints_checked: v.checkpointsChecked,
      anchor: v.anchor,
      first_broken_seq: null,
      reason: null,
      expected: null,
      actual: null,
    }
    : {
      valid: false,
      from_seq: null,
      to_seq: null,
      verified: v.verified,
      last_hash: null,
      checkpoints_checked: null,
      anchor: null,
      first_broken_seq: v.firstBrokenSeq,
      reason: v.reason,
      expected: v.expected,
      actual: v.actual,
    };
}

export function registerAuditTrailRoutes(api: ApiApp, services: AuditTrailServices, now: () => Date): void {
  api.openapi(
    createRoute({
      method: "get",
      path: "/audit-trail",
      tags: ["audit"],
      summary: "The audit trail, filtered, in chain order (get_audit_trail)",
      description:
        "Every state-changing operation with who did it, on what, with the request id, sealed into " +
        "the organization's hash chain. A property-scoped caller sees organization-wide records and those of " +
        "its properties. Page with `after_seq` = `next_cursor`.",
      ...requires("audit:read"),
      request: {
        query: z.strictObject({
          ...FilterQuery,
          after_seq: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "A page of records",
          content: {
            "application/json": {
              schema: envelopeOf(
                z.object({ items: z.array(AuditTrailRecord), next_cursor: z.number().int().nullable() }),
              ),
            },
          },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const page = await services.queryAuditTrail(c.get("caller"), filterOf(q), {
        afterSeq: q.after_seq,
        limit: q.limit,
      });
      return c.json(
        successEnvelope({ items: page.items.map(recordToApi), next_cursor: page.nextCursor }, now()),
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/audit-trail/verify",
      tags: ["audit"],
      summary: "Verify the audit trail: hashes, links, positions and signed checkpoints",
      description:
        "Recomputes every record's hash and link from the retention anchor (or the first record), or " +
        "within `from_seq`..`to_seq`; every stored signed checkpoint in the range must verify and match. With " +
        "`checkpoint` (a JWS the client kept from an earlier checkpoint or export), the trail must still hold " +
        "its hash at its position: today's log is an extension of the log it signed. Answers `valid`, or the " +
        "first position that fails and why.",
      ...requires("audit:read"),
      request: {
        body: {
          required: false,
          content: {
            "application/json": {
              schema: z.strictObject({
                checkpoint: z.string().min(1).max(4096).optional(),
                from_seq: z.number().int().min(1).optional(),
                to_seq: z.number().int().min(1).optional(),
              }).openapi("AuditVerifyRequest"),
            },
          },
        },
      },
      responses: {
        200: {
          description: "The verdict",
          content: { "application/json": { schema: envelopeOf(Verification) } },
        },
      },
    }),
    async (c) => {
      const body = c.req.valid("json") ?? {};
      const result = await services.verifyAuditTrail(c.get("caller"), {
        checkpoint: body.checkpoint,
        fromSeq: body.from_seq,
        toSeq: body.to_seq,
      });
      return c.json(successEnvelope(verificationToApi(result), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/audit-trail/checkpoints",
      tags: ["audit"],
      summary: "Sign a checkpoint of the audit trail now",
      description:
        "Keep the `jws`: `POST /audit-trail/verify` with it later proves the trail was not rewritten " +
        "since. Asked again before the trail moved, it answers the checkpoint already made.",
      ...requires("audit:read"),
      responses: {
        201: {
          description: "The checkpoint",
          content: { "application/json": { schema: envelopeOf(Checkpoint) } },
        },
      },
    }),
    async (c) =>
      c.json(successEnvelope(checkpointToApi(await services.checkpointNow(c.get("caller"))), now()), 201),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/audit-trail/checkpoints",
      tags: ["audit"],
      summary: "Signed checkpoints of the audit trail, newest first",
      ...requires("audit:read"),
      request: {
        query: z.strictObject({
          before_seq: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: {
          description: "Checkpoints",
          content: { "application/json": { schema: envelopeOf(z.array(Checkpoint)) } },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const list = await services.listCheckpoints(c.get("caller"), {
        beforeSeq: q.before_seq,
        limit: q.limit,
      });
      return c.json(successEnvelope(list.map(checkpointToApi), now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/audit-trail/keys",
      tags: ["audit"],
      summary: "The public keys checkpoints are signed with (JWKS)",
      description: "Ed25519 keys (`kty` OKP, `alg` EdDSA), newest first; rotated keys stay listed so old " +
        "checkpoints still verify. Public: anyone holding a checkpoint can verify it.",
      ...PUBLIC,
      responses: {
        200: {
          description: "A JSON Web Key Set",
          content: {
            "application/json": {
              schema: z.object({ keys: z.array(z.record(z.string(), z.string())) }).openapi(
                "AuditSigningKeys",
              ),
            },
          },
        },
      },
    }),
    async (c) => c.json({ keys: [...await services.auditSigningKeys()] }, 200),
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/audit-trail/export",
      tags: ["audit"],
      summary: "Export the audit trail as NDJSON or CSV, with a signed checkpoint",
      description:
        "Streams the records matching the filters up to an `export` checkpoint signed at the start " +
        '(its JWS is the `X-Audit-Checkpoint` header, and the last NDJSON line `{"checkpoint": ...}`). Each ' +
        "record carries its chain fields, so an unfiltered export verifies offline: recompute each hash over " +
        "the canonical JSON of `{action, actor, at, details, orgId, prevHash, requestId, seq, target}` and " +
        "compare the last with the checkpoint. The export itself is audited (`audit.exported`).",
      ...requires("audit:read"),
      ...raises("VALIDATION_FAILED"),
      request: {
        query: z.strictObject({ ...FilterQuery, format: z.enum(["ndjson", "csv"]).default("ndjson") }),
      },
      responses: {
        200: {
          description: "The records",
          content: {
            "application/x-ndjson": { schema: z.string() },
            "text/csv": { schema: z.string() },
          },
        },
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const { checkpoint, records } = await services.exportAuditTrail(
        c.get("caller"),
        filterOf(q),
        q.format,
        c.get("requestId"),
      );
      const encoder = new TextEncoder();
      const csv = q.format === "csv";
      const iterator = records[Symbol.asyncIterator]();
      let started = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!started && csv) controller.enqueue(encoder.encode(stringify([[...CHAIN_FIELDS]])));
          started = true;
          const next = await iterator.next();
          if (next.done) {
            if (!csv) {
              controller.enqueue(
                encoder.encode(JSON.stringify({ checkpoint: checkpointToApi(checkpoint) }) + "\n"),
              );
            }
            controller.close();
            return;
          }
          const row = recordToApi(next.value);
          controller.enqueue(encoder.encode(
            csv
              ? stringify([
                CHAIN_FIELDS.map((f) => f === "details" ? JSON.stringify(row.details) : row[f] ?? ""),
              ])
              : JSON.stringify(row) + "\n",
          ));
        },
      });
      const stamp = checkpoint.checkpoint.at.replaceAll(":", "").slice(0, 15);
      return new Response(body, {
        status: 200,
        headers: {
          "Content-Type": csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
          "Content-Disposition": `attachment; filename="audit-${stamp}.${csv ? "csv" : "ndjson"}"`,
          "X-Audit-Checkpoint": checkpoint.jws,
        },
      }) as never;
    },
  );
}
