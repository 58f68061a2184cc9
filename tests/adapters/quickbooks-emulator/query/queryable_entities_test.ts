import assert from "node:assert/strict";
import {
  canonicalEntityName,
  findQueryableProperty,
  isNameListEntity,
  NAME_LIST_ENTITIES,
  queryablePropertiesOf,
} from "../../../../adapters/quickbooks-emulator/query/queryable_entities.ts";

Deno.test("NAME_LIST_ENTITIES lists the entities hidden when inactive", () => {
  assert.deepEqual([...NAME_LIST_ENTITIES].sort(), [
    "Account",
    "Class",
    "Customer",
    "Department",
    "Employee",
    "Item",
    "PaymentMethod",
    "Term",
    "Vendor",
  ]);
  assert.equal(isNameListEntity("Invoice"), false);
  assert.equal(isNameListEntity("Term"), true);
});

Deno.test("canonicalEntityName accepts any case and rejects unknown entities", () => {
  assert.equal(canonicalEntityName("billpayment"), "BillPayment");
  assert.equal(canonicalEntityName("CUSTOMER"), "Customer");
  assert.equal(canonicalEntityName("Custmoer"), undefined);
});

Deno.test("findQueryableProperty knows the documented filterable fields with their kinds", () => {
  assert.deepEqual(findQueryableProperty("Invoice", "customerref"), { path: "CustomerRef", kind: "ref" });
  assert.deepEqual(findQueryableProperty("Customer", "PRIMARYEMAILADDR"), {
    path: "PrimaryEmailAddr",
    kind: "email",
  });
  assert.deepEqual(findQueryableProperty("Bill", "DueDate"), { path: "DueDate", kind: "date" });
  assert.deepEqual(findQueryableProperty("Account", "CurrentBalance"), {
    path: "CurrentBalance",
    kind: "number",
  });
  assert.deepEqual(findQueryableProperty("Purchase", "metadata.createtime"), {
    path: "MetaData.CreateTime",
    kind: "datetime",
  });
  assert.deepEqual(findQueryableProperty("Deposit", "Active"), { path: "Active", kind: "boolean" });
  assert.equal(findQueryableProperty("Invoice", "ClassRef"), undefined);
  assert.equal(findQueryableProperty("Nope", "Id"), undefined);
});

Deno.test("queryablePropertiesOf always includes Id, Active and the MetaData timestamps", () => {
  for (const entity of ["Customer", "Invoice", "CompanyInfo", "Term"]) {
    const paths = queryablePropertiesOf(entity).map((p) => p.path);
    for (const required of ["Id", "Active", "MetaData.CreateTime", "MetaData.LastUpdatedTime"]) {
      assert.ok(paths.includes(required), `${entity} lacks ${required}`);
    }
  }
});
