/** One in-process API call through `app.request`, answered as status + parsed envelope. */

// deno-lint-ignore no-explicit-any
export type Json = any;
export type Body = {
  success: boolean;
  data: Json;
  error: { code: string; message: string; details: Json } | null;
};

export const API_BASE = "/api/quickbooks";

export async function call(
  app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: Body }> {
  const res = await app.request(`${API_BASE}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() as Body };
}
