/**
 * Edge entry point (e.g. Deno Deploy): `export default { fetch }`. Configuration comes from the
 * environment as for `deno task start`; on the edge use a remote libSQL (`libsql://`) or
 * PostgreSQL `DATABASE_URL`, since there is no local disk. The service is built once per isolate.
 */
import { loadConfig } from "./config.ts";
import { buildService, type Service } from "./composition/service.ts";

let service: Promise<Service> | null = null;

function instance(): Promise<Service> {
  service ??= buildService(loadConfig(Deno.env.toObject()));
  return service;
}

export default {
  async fetch(request: Request): Promise<Response> {
    return (await instance()).app.fetch(request);
  },
};
