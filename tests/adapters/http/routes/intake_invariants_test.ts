/**
 * The Seen cases of "Truthful books" through the HTTP API: each probe is sent by a property manager
 * scoped to prop_1 (or an admin where the probe is about money), and is refused with
 * VALIDATION_FAILED naming the field, while nothing of it is stored.
 */
import assert from "node:assert/strict";
import { call } from "../../../support/api_call.ts";
import { authHeader, signTestToken, startTestService } from "../../../support/service.ts";

const usd = (cents: number) => ({ cents, currency: "USD" });

function portfolio() {
  const records: { type: string; data: Record<string, unknown> }[] = [];
  for (const p of [1, 2]) {
    records.push({
      type: "property",
      data: { id: `prop_${p}`, organization_id: "org-a", name: `Property ${p}` },
    });
    records.push({ type: "unit", data: { id: `unit_${p}_1`, property_id: `prop_${p}`, unit_number: "1A" } });
    for (const t of [1, 2]) {
      records.push({
        type: "tenant",
        data: {
          id: `ten_${p}_${t}`,
          first_name: "Jane",
          last_name: `Doe ${t}`,
          property_id: `prop_${p}`,
          unit_id: `unit_${p}_1`,
        },
      });
    }
    records.push({
      type: "lease",
      data: {
        id: `lease_${p}_1`,
        property_id: `prop_${p}`,
        unit_id: `unit_${p}_1`,
        tenant_ids: [`ten_${p}_1`, `ten_${p}_2`],
        rent: usd(100_000),
        due_day: 1,
        start_date: "2026-01-01",
        security_deposit: usd(100_000),
      },
    });
    for (const t of [1, 2]) records.push({ type: "charge", data: charge(`chg_${p}_${t}`, p, t) });
  }
  return records;
}

function charge(id: string, p: number, t: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    lease_id: `lease_${p}_1`,
    tenant_id: `ten_${p}_${t}`,
    property_id: `prop_${p}`,
    unit_id: `unit_${p}_1`,
    type: "rent",
    amount: usd(100_000),
    billing_period: "2026-03",
    service_period: { start: "2026-03-01", end: "2026-03-31" },
    due_date: "2026-03-01",
    ...extra,
  };
}

function payment(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    tenant_id: "ten_1_1",
    lease_id: "lease_1_1",
    property_id: "prop_1",
    amount: usd(50_000),
    date: "2026-03-03",
    method: "ach",
    allocations: [{ charge_id: "chg_1_1", amount: usd(50_000) }],
    ...extra,
  };
}

async function withPortfolio(
  fn: (svc: Awaited<ReturnType<typeof startTestService>>, pm: Record<string, string>) => Promise<void>,
) {
  const svc = await startTestService();
  try {
    const admin = await authHeader("org-a", "admin");
    const seeded = await call(svc.app, "POST", "/records/bulk", admin, { records: portfolio() });
    assert.ok(
      seeded.body.data.results.every((r: { status: string }) => r.status === "created"),
      JSON.stringify(seeded.body),
    );
    const pm = {
      Authorization: `Bearer ${await signTestToken({
        sub: "pm-1",
        org: "org-a",
        role: "property_manager",
        property_ids: ["prop_1"],
      })}`,
    };
    await fn(svc, pm);
  } finally {
    await svc.close();
  }
}

/** Sends one record with PUT and returns the issue paths of its 400 VALIDATION_FAILED. */
async function refusedPut(
  app: Parameters<typeof call>[0],
  h: Record<string, string>,
  type: string,
  data: { id: string; [field: string]: unknown },
) {
  const res = await call(app, "PUT", `/records/${type}/${data.id}`, h, data);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error?.code, "VALIDATION_FAILED");
  const got = await call(app, "GET", `/records/${type}/${data.id}`, await authHeader("org-a", "admin"));
  assert.equal(got.status, 404, "a refused record is not stored");
  return res.body.error?.details.issues.map((i: { path: string }) => i.path) as string[];
}

Deno.test("Seen 1: a EUR payment in a USD organization is refused; made-up currencies too", async () => {
  await withPortfolio(async (svc, pm) => {
    const eur = { cents: 50_000, currency: "EUR" };
    const paths = await refusedPut(
      svc.app,
      pm,
      "payment",
      payment("pay_eur", { amount: eur, allocations: [{ charge_id: "chg_1_1", amount: eur }] }),
    );
    assert.ok(paths.includes("json.amount.currency"), paths.join());
    for (const currency of ["XXX", "XTS", "XAU", "QQQ"]) {
      const bad = { cents: 1, currency };
      const p = await refusedPut(
        svc.app,
        pm,
        "payment",
        payment(`pay_${currency}`, { amount: bad, allocations: [] }),
      );
      assert.deepEqual(p, ["json.amount.currency"]);
    }
  });
});

Deno.test("Seen 2: a lease with negative rent and deposit is refused", async () => {
  await withPortfolio(async (svc, pm) => {
    const paths = await refusedPut(svc.app, pm, "lease", {
      id: "lease_neg",
      property_id: "prop_1",
      unit_id: "unit_1_1",
      tenant_ids: ["ten_1_1"],
      rent: usd(-100_000),
      due_day: 1,
      start_date: "2026-01-01",
      security_deposit: usd(-50_000),
    });
    assert.deepEqual(paths, ["json.rent.cents", "json.security_deposit.cents"]);
  });
});

Deno.test("Seen 3: a payment allocated to another tenant's charge is refused", async () => {
  await withPortfolio(async (svc, pm) => {
    const paths = await refusedPut(
      svc.app,
      pm,
      "payment",
      payment("pay_other", { allocations: [{ charge_id: "chg_1_2", amount: usd(50_000) }] }),
    );
    assert.deepEqual(paths, ["json.allocations.0.charge_id"]);
    const admin = await authHeader("org-a", "admin");
    assert.equal(
      (await call(
        svc.app,
        "PUT",
        "/records/charge/chg_1_1",
        admin,
        charge("chg_1_1", 1, 1, { status: "void" }),
      )).status,
      200,
    );
    assert.deepEqual(await refusedPut(svc.app, pm, "payment", payment("pay_void")), [
      "json.allocations.0.charge_id",
    ]);
  });
});

Deno.test("Seen 4: over-allocation across stored and same-request payments is refused; the response says what was stored", async () => {
  await withPortfolio(async (svc, pm) => {
    assert.equal(
      (await call(
        svc.app,
        "PUT",
        "/records/payment/pay_a",
        pm,
        payment("pay_a", {
          amount: usd(60_000),
          allocations: [{ charge_id: "chg_1_1", amount: usd(60_000) }],
        }),
      )).status,
      201,
    );
    const bulk = await call(svc.app, "POST", "/records/bulk", pm, {
      records: [
        {
          type: "payment",
          data: payment("pay_b", {
            amount: usd(30_000),
            allocations: [{ charge_id: "chg_1_1", amount: usd(30_000) }],
          }),
        },
        {
          type: "payment",
          data: payment("pay_c", {
            amount: usd(30_000),
            allocations: [{ charge_id: "chg_1_1", amount: usd(30_000) }],
          }),
        },
        // Re-sending pay_a with less frees room: its own earlier allocation is replaced, not added.
        {
          type: "payment",
          data: payment("pay_a", {
            amount: usd(40_000),
            allocations: [{ charge_id: "chg_1_1", amount: usd(40_000) }],
          }),
        },
        {
          type: "payment",
          data: payment("pay_d", {
            amount: usd(30_000),
            allocations: [{ charge_id: "chg_1_1", amount: usd(30_000) }],
          }),
        },
      ],
    });
    const results = bulk.body.data.results;
    assert.deepEqual(results.map((r: { status: string }) => r.status), [
      "created",
      "invalid",
      "updated",
      "created",
    ]);
    assert.equal(results[1].error.code, "VALIDATION_FAILED");
    assert.deepEqual(results[1].error.issues.map((i: { path: string }) => i.path), ["allocations.0.amount"]);
    const admin = await authHeader("org-a", "admin");
    assert.equal((await call(svc.app, "GET", "/records/payment/pay_c", admin)).status, 404);
    assert.equal((await call(svc.app, "GET", "/records/payment/pay_d", admin)).status, 200);
  });
});

Deno.test("Seen 5: records claiming prop_1 while referring to prop_2 are refused for a manager of prop_1", async () => {
  await withPortfolio(async (svc, pm) => {
    assert.deepEqual(
      await refusedPut(svc.app, pm, "charge", {
        ...charge("chg_probe", 2, 1),
        property_id: "prop_1",
        unit_id: undefined,
      }),
      ["json.property_id"],
    );
    assert.deepEqual(
      await refusedPut(
        svc.app,
        pm,
        "payment",
        payment("pay_probe", { allocations: [{ charge_id: "chg_2_1", amount: usd(50_000) }] }),
      ),
      ["json.allocations.0.charge_id"],
    );
    assert.deepEqual(
      await refusedPut(svc.app, pm, "lease", {
        id: "lease_probe",
        property_id: "prop_1",
        unit_id: "unit_2_1",
        tenant_ids: ["ten_1_1"],
        rent: usd(1),
        due_day: 1,
        start_date: "2026-01-01",
        security_deposit: usd(0),
      }),
      ["json.unit_id"],
    );
    assert.deepEqual(
      await refusedPut(svc.app, pm, "tenant", {
        id: "ten_probe",
        first_name: "X",
        property_id: "prop_1",
        unit_id: "unit_2_1",
      }),
      ["json.unit_id"],
    );
    assert.deepEqual(
      await refusedPut(svc.app, pm, "deposit_disposition", {
        id: "disp_probe",
        lease_id: "lease_2_1",
        tenant_id: "ten_2_1",
        property_id: "prop_1",
        date: "2026-07-01",
        deposit_held: usd(100_000),
        refund: usd(100_000),
        kept_for_damages: usd(0),
        applied_to_unpaid_rent: usd(0),
      }),
      ["json.property_id"],
    );
  });
});

Deno.test("Seen 6: the fuzzed ids are refused as record ids and references", async () => {
  await withPortfolio(async (svc) => {
    const admin = await authHeader("org-a", "admin");
    const bad = ["x'; DROP TABLE record_mirror;--", "\u0000", "../../../../etc/passwd"];
    const bulk = await call(svc.app, "POST", "/records/bulk", admin, {
      records: [
        ...bad.map((id) => ({ type: "property", data: { id, organization_id: "org-a", name: "Fuzz" } })),
        ...bad.map((id, i) => ({
          type: "unit",
          data: { id: `unit_f${i}`, property_id: id, unit_number: "1" },
        })),
      ],
    });
    const results = bulk.body.data.results;
    assert.ok(results.every((r: { status: string }) => r.status === "invalid"));
    assert.deepEqual(results.map((r: { error: { issues: { path: string }[] } }) => r.error.issues[0].path), [
      "id",
      "id",
      "id",
      "property_id",
      "property_id",
      "property_id",
    ]);
    const listed = await call(svc.app, "GET", "/records/property", admin);
    assert.deepEqual(listed.body.data.items.map((r: { id: string }) => r.id), ["prop_1", "prop_2"]);
  });
});

Deno.test("Seen 7-9: blank names, disordered dates and unknown fields are refused naming the field", async () => {
  await withPortfolio(async (svc, pm) => {
    assert.deepEqual(
      await refusedPut(svc.app, pm, "tenant", {
        id: "ten_blank",
        first_name: "   ",
        last_name: "  ",
        property_id: "prop_1",
      }),
      ["json.last_name"],
    );
    assert.deepEqual(
      await refusedPut(
        svc.app,
        pm,
        "payment",
        payment("pay_ret", { status: "returned", returned_on: "2026-03-01" }),
      ),
      ["json.returned_on"],
    );
    assert.deepEqual(
      await refusedPut(svc.app, pm, "lease", {
        id: "lease_dates",
        property_id: "prop_1",
        tenant_ids: ["ten_1_1"],
        rent: usd(1),
        due_day: 1,
        start_date: "2026-02-01",
        end_date: "2026-01-31",
        security_deposit: usd(0),
      }),
      ["json.end_date"],
    );
    const unknown = await refusedPut(svc.app, pm, "payment", { ...payment("pay_unknown"), tip: usd(5) });
    assert.deepEqual(unknown, ["json.tip"]);
  });
});
