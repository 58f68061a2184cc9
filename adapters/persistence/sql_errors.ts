/** True when a driver error is a unique/primary-key violation (libSQL/SQLite or PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (e.code === "23505") return true;
  const text = `${String(e.code ?? "")} ${String(e.message ?? "")}`;
  if (/UNIQUE constraint failed|SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)/i.test(text)) return true;
  return e.cause ? isUniqueViolation(e.cause) : false;
}
