import type { CompanyState, Doc } from "./company_state.ts";
import { canonicalEntityName } from "./entity_catalog.ts";
import type { EntityRules } from "./entity_rules.ts";
import { faults } from "./fault_catalog.ts";
import { refValue, type RuleContext } from "./rule_context.ts";

/**
 * Attachable: a note, a file, or both, linked through `AttachableRef[].EntityRef` to transactions
 * and items (Intuit API reference "Attachable"; shapes from the recorded sandbox responses
 * attachment__*). A note is created with a JSON POST; a file arrives through `POST /upload`
 * (upload_endpoint.ts) and gets `FileAccessUri`, `TempDownloadUri` and `Size`. Attachables are
 * deleted outright, and a delete may carry only the Id (recorded).
 *
 * Rules: `Note` (max 2000) or `FileName` (max 1000) is required; `Category` is one of Intuit's
 * AttachableCategoryEnum; every EntityRef must name an existing object, else fault 6000 with the
 * recorded wording "The entity Estimate 75 that you are trying to link does not exist. Estimate 75".
 * `IncludeOnSend` defaults to false (recorded), and the strings "true"/"false" are read as booleans
 * (Intuit's own sample request sends "false").
 */
const CATEGORIES = new Set(["Contact Photo", "Document", "Image", "Receipt", "Signature", "Sound", "Other"]);
const FILE_FIELDS = [
  "FileAccessUri",
  "TempDownloadUri",
  "Size",
  "ThumbnailFileAccessUri",
  "ThumbnailTempDownloadUri",
];
const LIMITS: ReadonlyArray<readonly [string, number]> = [
  ["FileName", 1000],
  ["Note", 2000],
  ["Category", 100],
  ["ContentType", 100],
  ["PlaceName", 2000],
  ["Tag", 2000],
  ["Lat", 100],
  ["Long", 100],
];

/** QBO's attachable ids are 19-digit numbers such as 5000000000000503624. */
const ID_BASE = 5n * 10n ** 18n;

/** Where a file attachable's bytes can be fetched without a token, relative to the emulator's base. */
export function attachmentPath(realmId: string, id: string, key: string, fileName: string): string {
  return `/attachments/${realmId}/${id}/${key}/${encodeURIComponent(fileName)}`;
}

function linkedRef(ctx: RuleContext, raw: unknown): Doc {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw faults.requiredParamMissing("AttachableRef.EntityRef");
  }
  const ref = raw as Doc;
  const entityRef = ref.EntityRef as Doc | undefined;
  const written = typeof entityRef?.type === "string" ? entityRef.type : undefined;
  const id = refValue(entityRef);
  if (written === undefined || id === undefined) throw faults.requiredParamMissing("AttachableRef.EntityRef");
  const type = canonicalEntityName(written);
  if (!type || !ctx.state.get(type, id)) {
    throw faults.businessValidation(
      `The entity ${written} ${id} that you are trying to link does not exist. ${written} ${id}`,
    );
  }
  const out: Doc = {
    ...ref,
    EntityRef: { value: id, type },
    IncludeOnSend: ref.IncludeOnSend === true || String(ref.IncludeOnSend).toLowerCase() === "true",
  };
  return out;
}

export const attachableRules: EntityRules = {
  name: "Attachable",
  kind: "list",
  deletable: true,
  deleteWithoutSyncToken: true,
  readOnly: FILE_FIELDS,
  formatId: (n) => String(ID_BASE + BigInt(n)),
  prepare(ctx, input) {
    for (const [field, max] of LIMITS) {
      const value = input[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== "string") throw faults.invalidEnumeration(field, String(value));
      if (value.length > max) throw faults.stringTooLong(field, max, value.length);
    }
    const hasText = (field: string) => typeof input[field] === "string" && String(input[field]).trim() !== "";
    if (!hasText("Note") && !hasText("FileName")) throw faults.requiredParamMissing("Note");
    if (input.Category !== undefined && !CATEGORIES.has(String(input.Category))) {
      throw faults.invalidEnumeration("Category", String(input.Category));
    }
    const refs = input.AttachableRef;
    if (refs !== undefined && refs !== null && !Array.isArray(refs)) {
      throw faults.requiredParamMissing("AttachableRef");
    }
    const doc: Doc = { ...input };
    if (Array.isArray(refs)) doc.AttachableRef = refs.map((r) => linkedRef(ctx, r));
    else delete doc.AttachableRef;
    return doc;
  },
  render(state: CompanyState, doc: Doc): Doc {
    const file = state.files.get(String(doc.Id));
    if (!file) return doc;
    const fileName = String(doc.FileName ?? "attachment");
    return {
      ...doc,
      FileAccessUri: `/v3/company/${state.realmId}/download/${doc.Id}`,
      TempDownloadUri: attachmentPath(state.realmId, String(doc.Id), file.key, fileName),
      Size: file.size,
    };
  },
};
