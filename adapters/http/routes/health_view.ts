/** The readiness answer of `GET /health/ready` as the API shows it. */
export function viewReadiness<C extends { readonly ok: boolean; readonly detail?: string }>(readiness: {
  readonly ready: boolean;
  readonly database: C;
  readonly quickbooksCircuits: C;
}) {
  return {
    ready: readiness.ready,
    checks: { database: readiness.database, quickbooks_circuits: readiness.quickbooksCircuits },
  };
}
