/**
 * Edge entry point (e.g. Deno Deploy): `export default { fetch }`. Configuration comes from the
 * environment as for `deno task start`; on the edge use a remote libSQL (`libsql://`) or
 * PostgreSQL `DATABASE_URL`, since there is no local disk. The service is built once per isolate.
 * With no disk, development secrets live only as long as the isolate: configure every secret
 * (production requires it anyway).
 */
import { configWithoutStoredSecrets } from "./composition/config_from_env.ts";
import { buildService, type Service } from "./composition/service.ts";

let service: Promise<Service> | null = null;

function instance(): Promise<Service> {
  service ??= buildService(configWithoutStoredSecrets(Deno.env.toObject()));
  return service;
}

export default {
  async fetch(request: Request): Promise<Response> {
    return (await instance()).app.fetch(request);
  },
};
