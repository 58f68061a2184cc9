import assert from "node:assert/strict";
import { mapPaymentReversal } from "../../../../domain/mapping/to_quickbooks/payment_reversal.ts";
import { docNumber } from "../../../../domain/mapping/doc_numbers.ts";
import { PaymentSchema } from "../../../../domain/model/estatecore/payment.ts";
import { context, usd } from "../mapping_fixtures.ts";

const returned = PaymentSchema.parse({
  id: "pay_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  amount: usd(150_000),
  date: "2026-03-03",
  method: "ach",
  status: "returned",
  returned_on: "2026-03-09",
  nsf_fee: usd(3_500),
});

Deno.test("mapPaymentReversal: NSF voids the QBO payment and bills the fee on its own invoice", () => {
  assert.deepEqual(mapPaymentReversal(returned, context()), {
    ok: true,
    value: {
      void: { action: "void", entity: "Payment", payload: { Id: "140", SyncToken: "2", sparse: true } },
      nsfFeeInvoice: {
        entity: "Invoice",
        key: "nsf_fee",
        payload: {
          CustomerRef: { value: "58" },
          TxnDate: "2026-03-09",
          DueDate: "2026-03-09",
          DocNumber: docNumber("nsf_fee_invoice", "2026-03-09", "pay_1"),
          Line: [{
            Amount: 35,
            DetailType: "SalesItemLineDetail",
            Description: "Returned payment fee (NSF), payment of 2026-03-03",
            SalesItemLineDetail: {
              ItemRef: { value: "10" },
              Qty: 1,
              UnitPrice: 35,
              ServiceDate: "2026-03-09",
              ClassRef: { value: "900" },
            },
          }],
          PrivateNote: "EstateCore NSF fee for payment pay_1",
        },
      },
    },
  });
});

Deno.test("mapPaymentReversal: a voided payment without fee is only the void", () => {
  const result = mapPaymentReversal({ ...returned, status: "void" }, context());
  assert.deepEqual(result, {
    ok: true,
    value: {
      void: { action: "void", entity: "Payment", payload: { Id: "140", SyncToken: "2", sparse: true } },
    },
  });
});

Deno.test("mapPaymentReversal: a payment never synced is a missing dependency", () => {
  assert.deepEqual(mapPaymentReversal({ ...returned, id: "pay_9", nsf_fee: undefined }, context()), {
    ok: false,
    missing: [{ entity: "Payment", source: "payment", id: "pay_9" }],
  });
});
