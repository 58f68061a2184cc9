/** Shared test data for the mapping tests: one org, one property with a unit, one tenant. */
import { AccountMappingSchema } from "../../../domain/mapping/account_mapping.ts";
import { emptyLinks, type ResolutionContext } from "../../../domain/mapping/resolution_context.ts";
import { TransformationRulesSchema } from "../../../domain/mapping/transformation_rules.ts";
import { ChargeSchema } from "../../../domain/model/estatecore/charge.ts";
import { SyncSettingsSchema } from "../../../domain/ports/sync_settings_repository.ts";
import { PropertySchema } from "../../../domain/model/estatecore/property.ts";
import { TenantSchema } from "../../../domain/model/estatecore/tenant.ts";
import { UnitSchema } from "../../../domain/model/estatecore/unit.ts";

export const usd = (cents: number) => ({ cents, currency: "USD" });

export const accounts = AccountMappingSchema.parse({
  organization_id: "org_1",
  defaults: {
    accounts: {
      rental_income: "79",
      late_fee_income: "80",
      other_income: "81",
      damage_income: "82",
      security_deposit_liability: "90",
      accounts_receivable: "84",
      undeposited_funds: "4",
      operating_bank: "35",
      accounts_payable: "33",
      credit_card: "42",
    },
    expense_accounts: { repairs_maintenance: "60", utilities: "61" },
  },
});

export const maple = PropertySchema.parse({ id: "prop_1", organization_id: "org_1", name: "Maple Ct" });
export const unit4b = UnitSchema.parse({ id: "unit_4b", property_id: "prop_1", unit_number: "4B" });
export const jane = TenantSchema.parse({
  id: "ten_1",
  first_name: "Jane",
  last_name: "Doe",
  email: "jane@example.com",
  phone: "512-555-0100",
  property_id: "prop_1",
  unit_id: "unit_4b",
});

export function context(overrides: Partial<ResolutionContext> = {}): ResolutionContext {
  return {
    settings: SyncSettingsSchema.parse({}),
    accounts,
    rules: TransformationRulesSchema.parse({}),
    properties: { prop_1: maple },
    units: { unit_4b: unit4b },
    tenants: { ten_1: jane },
    links: {
      ...emptyLinks(),
      customers: { ten_1: "58" },
      classes: { prop_1: "900", unit_4b: "901" },
      departments: { prop_1: "3" },
      propertyCustomers: { prop_1: "57" },
      items: { "Rent": "7", "Late Fee": "8", "Security Deposit": "9", "Other Charge": "10", "Pet Fee": "11" },
      invoicesByCharge: { chg_rent_2026_03: "130", chg_pet_2026_03: "130", chg_rent_2026_02: "120" },
      vendors: { ven_1: "41" },
      bills: { exp_1: "150" },
      payments: { pay_1: { id: "140", syncToken: "2" } },
      dispositionJournals: { disp_1: "190" },
    },
    ...overrides,
  };
}

export const rentMarch = ChargeSchema.parse({
  id: "chg_rent_2026_03",
  lease_id: "lease_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  type: "rent",
  amount: usd(150_000),
  billing_period: "2026-03",
  service_period: { start: "2026-03-01", end: "2026-03-31" },
  due_date: "2026-03-01",
});
