import { type Context, Hono } from "hono";
import type { ChangeListener, EmulatorClock } from "../contracts.ts";
import { stampDownloadUrls, temporaryDownloadUrl } from "./attachment_downloads.ts";
import { answerBatch } from "./batch_endpoint.ts";
import { answerCdc } from "./cdc_endpoint.ts";
import type { CompanyOperations, WriteOptions } from "./company_operations.ts";
import type { CompanyStore } from "./company_store.ts";
import { canonicalEntityName } from "./entity_catalog.ts";
import { documentPdf, sendDocument } from "./document_endpoints.ts";
import { readExchangeRate, setExchangeRate } from "./exchange_rates.ts";
import { faults } from "./fault_catalog.ts";
import { isQboFault } from "./qbo_fault.ts";
import { formatQboResponseTime } from "./qbo_time.ts";
import { answerQuery } from "./query_endpoint.ts";
import { answerReport } from "./report_endpoint.ts";
import { answerUpload } from "./upload_endpoint.ts";

/**
 * The QBO Accounting API v3 routes under `/v3/company/:realmId` (the gateway mounts this app there
 * after auth and throttling). Every answer carries QBO's `time`; every expected failure is a
 * service fault (HTTP 400, or 403 for an unknown realm). Entity names in paths are matched in any
 * case. `requestid` makes POSTs idempotent per realm.
 */
export interface AccountingApiDeps {
  readonly companies: CompanyStore;
  readonly clock: EmulatorClock;
  readonly onChange?: ChangeListener;
  /** Public base URL of the emulator for this request (attachment download URLs); default: its origin. */
  readonly publicBase?: (c: Context) => string;
}

interface Reply {
  readonly status?: 200 | 400 | 403 | 404 | 500;
  readonly body: Record<string, unknown>;
  /** Reports come without the `time` envelope. */
  readonly bare?: boolean;
  /** A non-JSON answer (PDF bytes, a download URL as text); `body` is then ignored. */
  readonly file?: { readonly bytes: Uint8Array<ArrayBuffer> | string; readonly contentType: string };
}

const DEFAULT_OFFSET = -420;
const MAX_REQUEST_ID = 50;
const MAX_BATCH_REQUEST_ID = 36;

export function createAccountingApi(deps: AccountingApiDeps): Hono {
  const app = new Hono();
  const baseOf = deps.publicBase ?? ((c: Context) => new URL(c.req.url).origin);

  const handle =
    (handler: (c: Context, ops: CompanyOperations) => Reply | Promise<Reply>) => async (c: Context) => {
      const realmId = c.req.param("realmId") ?? "";
      const ops = deps.companies.operations(realmId, deps.onChange);
      const time = () => formatQboResponseTime(deps.clock.now(), ops?.state.offsetMinutes ?? DEFAULT_OFFSET);
      try {
        if (!ops) throw faults.unknownRealm(realmId);
        const reply = await handler(c, ops);
        if (reply.file) {
          return new Response(reply.file.bytes, {
            status: reply.status ?? 200,
            headers: { "content-type": reply.file.contentType },
          });
        }
        stampDownloadUrls(reply.body, baseOf(c), deps.clock.now());
        if (reply.bare || "time" in reply.body) return c.json(reply.body, reply.status ?? 200);
        return c.json({ ...reply.body, time: time() }, reply.status ?? 200);
      } catch (error) {
        if (!isQboFault(error)) throw error;
        return c.json({ Fault: error.toFaultObject(), time: time() }, error.httpStatus);
      }
    };

  app.get("/:entity", handle((c, ops) => getCollection(c, ops, deps.clock)));
  app.get("/download/:id", handle((c, ops) => download(c, ops, baseOf(c), deps.clock)));
  app.get("/:entity/:id", handle((c, ops) => getOne(c, ops, deps.clock)));
  app.get(
    "/:entity/:id/pdf",
    handle(async (c, ops) => ({
      body: {},
      file: {
        bytes: await documentPdf(ops, c.req.param("entity")!, c.req.param("id")!),
        contentType: "application/pdf",
      },
    })),
  );
  app.post(
    "/:entity/:id/send",
    handle((c, ops) => ({
      body: sendDocument(
        ops,
        c.req.param("entity")!,
        c.req.param("id")!,
        c.req.query("sendTo") ?? c.req.query("sendto"),
      ),
    })),
  );
  app.post("/:entity", handle((c, ops) => withReplay(c, ops, deps.clock, () => post(c, ops))));
  app.all(
    "*",
    handle((c, ops) => {
      throw faults.unsupportedOperation(`/v3/company/${ops.state.realmId}${relativePath(c)}`);
    }),
  );
  return app;
}

function relativePath(c: Context): string {
  const path = new URL(c.req.url).pathname;
  const at = path.indexOf("/company/");
  if (at < 0) return path;
  const rest = path.slice(at + "/company/".length);
  const slash = rest.indexOf("/");
  return slash < 0 ? "" : rest.slice(slash);
}

function getCollection(c: Context, ops: CompanyOperations, clock: EmulatorClock): Reply {
  const entity = c.req.param("entity")!.toLowerCase();
  if (entity === "query") return { body: { QueryResponse: answerQuery(ops, c.req.query("query") ?? "") } };
  if (entity === "cdc") {
    return {
      body: {
        CDCResponse: answerCdc(ops, {
          entities: c.req.query("entities"),
          changedSince: c.req.query("changedSince") ?? c.req.query("changedsince"),
          now: clock.now(),
          offsetMinutes: ops.state.offsetMinutes,
        }),
      },
    };
  }
  if (entity === "preferences") return { body: { Preferences: ops.readSingleton("Preferences") } };
  if (entity === "exchangerate") return { body: { ExchangeRate: readExchangeRate(ops, c.req.query()) } };
  throw faults.unsupportedOperation(`/v3/company/${ops.state.realmId}${relativePath(c)}`);
}

function getOne(c: Context, ops: CompanyOperations, clock: EmulatorClock): Reply {
  const entity = c.req.param("entity")!;
  const id = c.req.param("id")!;
  const lower = entity.toLowerCase();
  if (lower === "companyinfo") {
    if (id !== ops.state.realmId) throw faults.invalidId(id);
    return { body: { CompanyInfo: { ...ops.readSingleton("CompanyInfo"), Id: "1" } } };
  }
  if (lower === "reports") return { body: answerReport(ops, id, c.req.query(), clock.now()), bare: true };
  const name = canonicalEntityName(entity);
  if (!name || name === "CompanyInfo" || name === "Preferences") {
    throw faults.unsupportedOperation(`/v3/company/${ops.state.realmId}${relativePath(c)}`);
  }
  return { body: { [name]: ops.read(name, id) } };
}

/** `GET /download/{attachableId}`: the file's temporary download URL, as plain text. */
function download(c: Context, ops: CompanyOperations, base: string, clock: EmulatorClock): Reply {
  const doc = ops.read("Attachable", c.req.param("id")!);
  if (typeof doc.TempDownloadUri !== "string") {
    throw faults.businessValidation(`Attachable ${doc.Id} has no file to download`);
  }
  return {
    body: {},
    file: { bytes: temporaryDownloadUrl(base, doc.TempDownloadUri, clock.now()), contentType: "text/plain" },
  };
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw faults.malformedJson(error instanceof Error ? error.message : "invalid JSON");
  }
}

async function post(c: Context, ops: CompanyOperations): Promise<Reply> {
  const entity = c.req.param("entity")!;
  const lower = entity.toLowerCase();
  if (lower === "query") return { body: { QueryResponse: answerQuery(ops, await c.req.text()) } };
  if (lower === "batch") return { body: { BatchItemResponse: answerBatch(ops, await readJson(c)) } };
  if (lower === "upload") return { body: { AttachableResponse: await answerUpload(c, ops) } };
  const body = await readJson(c);
  if (lower === "preferences") return { body: { Preferences: ops.updateSingleton("Preferences", body) } };
  if (lower === "companyinfo") return { body: { CompanyInfo: ops.updateSingleton("CompanyInfo", body) } };
  if (lower === "exchangerate") return { body: { ExchangeRate: setExchangeRate(ops, body) } };
  const name = ops.rules(entity).name;
  const operation = (c.req.query("operation") ?? "").toLowerCase();
  const include = (c.req.query("include") ?? "").toLowerCase().split(",");
  const options: WriteOptions = { allowDuplicateDocNumber: include.includes("allowduplicatedocnum") };
  const hasId = typeof body === "object" && body !== null && "Id" in body;
  let result;
  if (operation === "delete") result = ops.delete(name, body);
  else if (operation === "void" || include.includes("void")) result = ops.void(name, body);
  else if (operation === "update" || hasId) result = ops.update(name, body, options);
  else if (operation === "" || operation === "create") result = ops.create(name, body, options);
  else throw faults.invalidEnumeration("operation", operation);
  return { body: { [name]: result } };
}

/** QBO `requestid`: a repeat (same realm, path and operation) answers the first response again. */
async function withReplay(
  c: Context,
  ops: CompanyOperations,
  clock: EmulatorClock,
  run: () => Promise<Reply>,
): Promise<Reply> {
  const requestId = c.req.query("requestid");
  if (requestId === undefined || requestId === "") return run();
  const isBatch = c.req.param("entity")!.toLowerCase() === "batch";
  if (requestId.length > (isBatch ? MAX_BATCH_REQUEST_ID : MAX_REQUEST_ID) || /\s/.test(requestId)) {
    throw faults.invalidRequestId();
  }
  const key = [
    c.req.param("entity")!.toLowerCase(),
    (c.req.query("operation") ?? "").toLowerCase(),
    (c.req.query("include") ?? "").toLowerCase(),
    requestId,
  ].join("|");
  const cached = ops.state.replies.get(key);
  if (cached) {
    return { status: cached.status as Reply["status"], body: cached.body as Record<string, unknown> };
  }
  const time = formatQboResponseTime(clock.now(), ops.state.offsetMinutes);
  let reply: Reply;
  try {
    const done = await run();
    reply = { status: done.status, body: { ...done.body, time } };
  } catch (error) {
    if (!isQboFault(error)) throw error;
    reply = { status: error.httpStatus, body: { Fault: error.toFaultObject(), time } };
  }
  ops.state.replies.set(key, { status: reply.status ?? 200, body: reply.body });
  return reply;
}
