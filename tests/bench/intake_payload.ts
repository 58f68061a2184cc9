/** The bulk intake the benches send: one property, 1,000 tenants and leases, 2,999 charges (5,000 records). */
const usd = (cents: number) => ({ cents, currency: "USD" });

export function intakePayload() {
  const items: { type: string; data: Record<string, unknown> }[] = [
    { type: "property", data: { id: "p1", organization_id: "org-bench", name: "Maple Court" } },
  ];
  for (let i = 0; i < 1_000; i++) {
    items.push({
      type: "tenant",
      data: { id: `t${i}`, first_name: "Jane", last_name: `Doe ${i}`, property_id: "p1" },
    });
    items.push({
      type: "lease",
      data: {
        id: `l${i}`,
        property_id: "p1",
        tenant_ids: [`t${i}`],
        rent: usd(150_000),
        due_day: 1,
        start_date: "2026-01-01",
        security_deposit: usd(100_000),
      },
    });
  }
  for (let i = 0; items.length < 5_000; i++) {
    items.push({
      type: "charge",
      data: {
        id: `c${i}`,
        lease_id: `l${i % 1_000}`,
        tenant_id: `t${i % 1_000}`,
        property_id: "p1",
        type: "rent",
        amount: usd(150_000),
        billing_period: "2026-03",
        service_period: { start: "2026-03-01", end: "2026-03-31" },
        due_date: "2026-03-01",
      },
    });
  }
  return items;
}
