import assert from "node:assert/strict";
import {
  QboApiEntitySchema,
  QboDeletableEntitySchema,
  QboVoidableEntitySchema,
} from "../../../../domain/model/quickbooks/qbo_entity_catalog.ts";
import { QBO_REPORT_PARAMETERS } from "../../../../domain/model/quickbooks/qbo_report_catalog.ts";
import {
  allEntityNames,
  KEYED_ENTITIES,
  rulesFor,
  SINGLETON_ENTITIES,
} from "../../../../adapters/quickbooks-emulator/accounting/entity_catalog.ts";
import { SUPPORTED_REPORTS } from "../../../../adapters/quickbooks-emulator/reports/build_report.ts";

// The catalog is the domain's knowledge of QBO; the emulator is QBO on this machine. They must agree.
const emulated = allEntityNames().filter((n) =>
  !(SINGLETON_ENTITIES as readonly string[]).includes(n) && !(KEYED_ENTITIES as readonly string[]).includes(n)
);

Deno.test("QboApiEntitySchema: every entity with an Id the emulator serves, and nothing else", () => {
  assert.deepEqual([...QboApiEntitySchema.options].sort(), [...emulated].sort());
});

Deno.test("QboDeletableEntitySchema: the entities QBO deletes (transactions, Attachable), as the emulator does", () => {
  const deletable = emulated.filter((n) =>
    rulesFor(n)!.kind === "transaction" || rulesFor(n)!.deletable === true
  );
  assert.deepEqual([...QboDeletableEntitySchema.options].sort(), deletable.sort());
  assert.ok(!QboDeletableEntitySchema.options.includes("Customer" as never), "name lists are made inactive");
});

Deno.test("QboVoidableEntitySchema: the transactions QBO voids, as the emulator does", () => {
  const voidable = emulated.filter((n) => rulesFor(n)!.voided !== undefined);
  assert.deepEqual([...QboVoidableEntitySchema.options].sort(), voidable.sort());
});

Deno.test("QBO_REPORT_PARAMETERS: the reports the emulator builds", () => {
  assert.deepEqual(Object.keys(QBO_REPORT_PARAMETERS).sort(), [...SUPPORTED_REPORTS].sort());
});
