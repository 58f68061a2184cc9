import assert from "node:assert/strict";
import fc from "fast-check";
import {
  mapDepositApplication,
  mapDepositDisposition,
} from "../../../../domain/mapping/to_quickbooks/deposit_disposition_to_qbo.ts";
import { journalImbalanceCents } from "../../../../domain/mapping/to_quickbooks/journal_line.ts";
import { docNumber } from "../../../../domain/mapping/doc_numbers.ts";
import { DepositDispositionSchema } from "../../../../domain/model/estatecore/deposit_disposition.ts";
import { SyncSettingsSchema } from "../../../../domain/ports/sync_settings_repository.ts";
import { context, usd } from "../mapping_fixtures.ts";

const moveOut = DepositDispositionSchema.parse({
  id: "disp_1",
  lease_id: "lease_1",
  tenant_id: "ten_1",
  property_id: "prop_1",
  date: "2026-07-05",
  deposit_held: usd(100_000),
  refund: usd(60_000),
  kept_for_damages: usd(25_000),
  applied_to_unpaid_rent: usd(15_000),
  applied_charges: [{ charge_id: "chg_rent_2026_03", amount: usd(15_000) }],
  refund_check_number: "2001",
  damage_description: "Carpet replacement",
});

const note = "EstateCore deposit disposition disp_1, lease lease_1";

Deno.test("mapDepositDisposition: $1,000 held -> Check $600 and JE Dr deposits $400 / Cr damages $250 / Cr A/R $150", () => {
  assert.deepEqual(mapDepositDisposition(moveOut, context()), {
    ok: true,
    value: [
      {
        entity: "Purchase",
        key: "refund_check",
        payload: {
          PaymentType: "Check",
          AccountRef: { value: "35" },
          EntityRef: { value: "58", type: "Customer" },
          TxnDate: "2026-07-05",
          DocNumber: "2001",
          Line: [{
            Amount: 600,
            DetailType: "AccountBasedExpenseLineDetail",
            Description: "Security deposit refund",
            AccountBasedExpenseLineDetail: {
              AccountRef: { value: "90" },
              CustomerRef: { value: "58" },
              BillableStatus: "NotBillable",
              ClassRef: { value: "900" },
            },
          }],
          PrivateNote: note,
        },
      },
      {
        entity: "JournalEntry",
        key: "deposit_journal",
        payload: {
          TxnDate: "2026-07-05",
          DocNumber: docNumber("deposit_journal", "2026-07-05", "disp_1"),
          Line: [
            {
              Amount: 400,
              DetailType: "JournalEntryLineDetail",
              Description: "Security deposit retained",
              JournalEntryLineDetail: {
                PostingType: "Debit",
                AccountRef: { value: "90" },
                Entity: { Type: "Customer", EntityRef: { value: "58" } },
                ClassRef: { value: "900" },
              },
            },
            {
              Amount: 250,
              DetailType: "JournalEntryLineDetail",
              Description: "Carpet replacement",
              JournalEntryLineDetail: {
                PostingType: "Credit",
                AccountRef: { value: "82" },
                ClassRef: { value: "900" },
              },
            },
            {
              Amount: 150,
              DetailType: "JournalEntryLineDetail",
              Description: "Security deposit applied to unpaid rent",
              JournalEntryLineDetail: {
                PostingType: "Credit",
                AccountRef: { value: "84" },
                Entity: { Type: "Customer", EntityRef: { value: "58" } },
                ClassRef: { value: "900" },
              },
            },
          ],
          PrivateNote: note,
        },
      },
    ],
  });
});

Deno.test("mapDepositDisposition: the liability debits add up to the deposit held (tenant's liability reaches zero)", () => {
  const result = mapDepositDisposition(moveOut, context());
  assert.equal(result.ok, true);
  if (!result.ok) return;
  const [check, journal] = result.value;
  const checkLine = (check.payload.Line as Array<{ Amount: number }>)[0];
  const journalDebit = (journal.payload.Line as Array<{ Amount: number }>)[0];
  assert.equal(checkLine.Amount + journalDebit.Amount, 1000);
});

Deno.test("mapDepositDisposition: a full refund is only a check; a fully kept deposit is only a journal entry", () => {
  const full = { ...moveOut, refund: usd(100_000), kept_for_damages: usd(0), applied_to_unpaid_rent: usd(0) };
  const fullResult = mapDepositDisposition({ ...full, applied_charges: [] }, context());
  assert.deepEqual(fullResult.ok && fullResult.value.map((o) => o.entity), ["Purchase"]);
  const kept = { ...moveOut, refund: usd(0), kept_for_damages: usd(85_000) };
  const keptResult = mapDepositDisposition(kept, context());
  assert.deepEqual(keptResult.ok && keptResult.value.map((o) => o.entity), ["JournalEntry"]);
});

Deno.test("mapDepositDisposition: location tracking puts DepartmentRef on journal lines and the check header", () => {
  const ctx = context({
    settings: SyncSettingsSchema.parse({ property_tracking: "location" }),
  });
  const result = mapDepositDisposition(moveOut, ctx);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(result.value[0].payload.DepartmentRef, { value: "3" });
  for (
    const line of result.value[1].payload.Line as Array<{ JournalEntryLineDetail: Record<string, unknown> }>
  ) {
    assert.deepEqual(line.JournalEntryLineDetail.DepartmentRef, { value: "3" });
  }
});

Deno.test("mapDepositDisposition: every journal entry balances (property)", () => {
  const arbitrary = fc.tuple(
    fc.integer({ min: 0, max: 5_000_000 }),
    fc.integer({ min: 0, max: 5_000_000 }),
    fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 4 }),
  );
  fc.assert(fc.property(arbitrary, ([refund, damages, appliedParts]) => {
    const applied = appliedParts.reduce((a, b) => a + b, 0);
    const disposition = DepositDispositionSchema.parse({
      ...moveOut,
      deposit_held: usd(refund + damages + applied),
      refund: usd(refund),
      kept_for_damages: usd(damages),
      applied_to_unpaid_rent: usd(applied),
      applied_charges: appliedParts.map((cents, i) => ({ charge_id: `c${i}`, amount: usd(cents) })),
    });
    const result = mapDepositDisposition(disposition, context());
    assert.equal(result.ok, true);
    if (!result.ok) return;
    for (const object of result.value.filter((o) => o.entity === "JournalEntry")) {
      assert.equal(journalImbalanceCents(object.payload), 0);
      const debit = (object.payload.Line as Array<{ Amount: number }>)[0].Amount;
      assert.equal(Math.round(debit * 100), damages + applied);
    }
  }));
});

Deno.test("mapDepositApplication: links the journal entry's A/R credit to the open invoice with a $0 payment", () => {
  assert.deepEqual(mapDepositApplication(moveOut, context()), {
    ok: true,
    value: [{
      entity: "Payment",
      key: "deposit_application",
      payload: {
        CustomerRef: { value: "58" },
        TotalAmt: 0,
        TxnDate: "2026-07-05",
        Line: [
          { Amount: 150, LinkedTxn: [{ TxnId: "130", TxnType: "Invoice" }] },
          { Amount: 150, LinkedTxn: [{ TxnId: "190", TxnType: "JournalEntry" }] },
        ],
        PrivateNote: "EstateCore deposit disposition disp_1: deposit applied to unpaid rent",
      },
    }],
  });
});

Deno.test("mapDepositApplication: waits for the journal entry to be synced", () => {
  const base = context();
  const ctx = context({ links: { ...base.links, dispositionJournals: {} } });
  assert.deepEqual(mapDepositApplication(moveOut, ctx), {
    ok: false,
    missing: [{ entity: "JournalEntry", source: "deposit_disposition", id: "disp_1" }],
  });
});
