import assert from "node:assert/strict";
import {
  mapVendorToQboVendor,
  vendorDisplayNameCandidate,
} from "../../../../domain/mapping/to_quickbooks/vendor_to_qbo_vendor.ts";
import { assignDisplayNames } from "../../../../domain/mapping/display_names.ts";
import { VendorSchema } from "../../../../domain/model/estatecore/vendor.ts";

const ace = VendorSchema.parse({
  id: "ven_1",
  name: "Ace Plumbing",
  email: "ops@ace.example",
  tax_id: "12-3456789",
});

Deno.test("mapVendorToQboVendor: display name, company, email, tax id, 1099 flag", () => {
  assert.deepEqual(mapVendorToQboVendor(ace, "Ace Plumbing"), {
    DisplayName: "Ace Plumbing",
    CompanyName: "Ace Plumbing",
    PrimaryEmailAddr: { Address: "ops@ace.example" },
    TaxIdentifier: "12-3456789",
    Vendor1099: false,
    Active: true,
  });
});

Deno.test("vendorDisplayNameCandidate: a vendor named like an existing customer becomes '(Vendor)'", () => {
  const names = assignDisplayNames([vendorDisplayNameCandidate(ace)], ["ace plumbing"]);
  assert.equal(names.get("ven_1"), "Ace Plumbing (Vendor)");
});
