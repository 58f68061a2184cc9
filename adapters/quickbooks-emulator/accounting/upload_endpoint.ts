import type { Context } from "hono";
import type { CompanyOperations } from "./company_operations.ts";
import type { Doc } from "./company_state.ts";
import { faults } from "./fault_catalog.ts";
import { isQboFault } from "./qbo_fault.ts";

/**
 * `POST /upload` (multipart/form-data): one attachable per `file_content_NN` part, with the
 * Attachable JSON of the `file_metadata_NN` part of the same suffix when there is one ("if meta
 * data is not supplied with the upload request, the system creates it": FileName and ContentType
 * then come from the file part). The answer is `{"AttachableResponse":[{"Attachable":..}|{"Fault":..}]}`
 * with HTTP 200 even when an item fails, as recorded (attachment__error_estimate__0).
 *
 * Intuit lists the approved file types (AI, CSV, DOC, DOCX, EPS, GIF, JPEG, JPG, ODS, PDF, PNG, RTF,
 * TIF, TXT, XLS, XLSX, XML) and a 100 MB request limit; the fault for breaking them is not
 * documented, ours is 6000 Business Validation Error. A request that is not multipart or holds no
 * file part is 2020 (our choice).
 */
export const APPROVED_EXTENSIONS = new Set([
  "ai",
  "csv",
  "doc",
  "docx",
  "eps",
  "gif",
  "jpeg",
  "jpg",
  "ods",
  "pdf",
  "png",
  "rtf",
  "tif",
  "txt",
  "xls",
  "xlsx",
  "xml",
]);
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const PART = /^file_(metadata|content)_(\w+)$/i;

interface UploadGroup {
  metadata?: string | File;
  content?: string | File;
}

export async function answerUpload(c: Context, ops: CompanyOperations): Promise<Record<string, unknown>[]> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw faults.requiredParamMissing("file_content_01");
  }
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > MAX_UPLOAD_BYTES) throw faults.businessValidation("The upload request exceeds 100 MB");
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch (error) {
    throw faults.malformedJson(error instanceof Error ? error.message : "unreadable multipart body");
  }
  const groups = new Map<string, UploadGroup>();
  for (const [name, value] of Object.entries(form)) {
    const match = PART.exec(name);
    if (!match) continue;
    const group = groups.get(match[2]) ?? {};
    const part = Array.isArray(value) ? value[0] : value;
    if (match[1].toLowerCase() === "metadata") group.metadata = part;
    else group.content = part;
    groups.set(match[2], group);
  }
  if (groups.size === 0) throw faults.requiredParamMissing("file_content_01");
  const answers: Record<string, unknown>[] = [];
  for (const suffix of [...groups.keys()].sort()) {
    try {
      answers.push({ Attachable: await storeUpload(ops, groups.get(suffix)!) });
    } catch (error) {
      if (!isQboFault(error)) throw error;
      answers.push({ Fault: error.toFaultObject() });
    }
  }
  return answers;
}

async function storeUpload(ops: CompanyOperations, group: UploadGroup): Promise<Doc> {
  const metadata = await readMetadata(group.metadata);
  if (group.content === undefined) return ops.create("Attachable", metadata);
  const file = group.content;
  const bytes = typeof file === "string"
    ? new TextEncoder().encode(file)
    : new Uint8Array(await file.arrayBuffer());
  const fileName = typeof metadata.FileName === "string" && metadata.FileName !== ""
    ? metadata.FileName
    : typeof file === "string"
    ? undefined
    : file.name;
  if (fileName === undefined) throw faults.requiredParamMissing("FileName");
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension === undefined || !APPROVED_EXTENSIONS.has(extension)) {
    throw faults.businessValidation(`The file type of ${fileName} is not supported for attachments`);
  }
  const contentType = typeof metadata.ContentType === "string" && metadata.ContentType !== ""
    ? metadata.ContentType
    : typeof file !== "string" && file.type !== ""
    ? file.type.split(";")[0]
    : "application/octet-stream";
  const created = ops.create("Attachable", { ...metadata, FileName: fileName, ContentType: contentType });
  const id = String(created.Id);
  ops.state.files.put(ops.state.realmId, id, bytes, String((created.MetaData as Doc).CreateTime));
  return ops.read("Attachable", id);
}

async function readMetadata(part: string | File | undefined): Promise<Doc> {
  if (part === undefined) return {};
  const text = typeof part === "string" ? part : await part.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw faults.malformedJson(error instanceof Error ? error.message : "invalid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw faults.malformedJson("the attachable metadata must be a JSON object");
  }
  return parsed as Doc;
}
