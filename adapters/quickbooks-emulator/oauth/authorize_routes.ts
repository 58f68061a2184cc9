/**
 * The authorize endpoint. GET shows the consent page; a POST of that form (or a GET with
 * `auto_approve=true|false` and an optional `realm_id`, for automation) decides, and the user agent
 * is redirected to the registered redirect URI with `code`, `state` and `realmId`, or with
 * `error=access_denied`.
 */
import { type Context, Hono } from "hono";
import type { OAuthServerDeps } from "./oauth_server_deps.ts";
import { readFormBody } from "./oauth_server_deps.ts";
import {
  type AuthorizationRequest,
  checkAuthorizationRequest,
  redirectWith,
} from "./authorization_request.ts";
import { renderConsentPage, renderErrorPage } from "./consent_page.ts";
import { OAUTH_PATHS } from "./endpoint_paths.ts";
import { scopesNeedRealm } from "./scopes.ts";

export function authorizeRoutes(deps: OAuthServerDeps): Hono {
  const app = new Hono();

  app.get(OAUTH_PATHS.authorize, (c) => {
    const params = c.req.query();
    const autoApprove = params.auto_approve;
    return handle(
      c,
      deps,
      params,
      autoApprove === undefined ? "ask" : autoApprove === "true" ? "approve" : "deny",
    );
  });

  app.post(OAUTH_PATHS.authorize, async (c) => {
    const params = { ...c.req.query(), ...(await readFormBody(c)) };
    const decision = params.decision ?? (params.auto_approve === "false" ? "deny" : "approve");
    return handle(c, deps, params, decision === "deny" ? "deny" : "approve");
  });

  return app;
}

function handle(
  c: Context,
  deps: OAuthServerDeps,
  params: Record<string, string | undefined>,
  decision: "ask" | "approve" | "deny",
): Response {
  const check = checkAuthorizationRequest(params, deps.clients);
  if (check.kind === "show_error") return c.html(renderErrorPage(check.message), 400);
  if (check.kind === "redirect_error") {
    return c.redirect(
      redirectWith(check.redirectUri, {
        error: check.error,
        error_description: check.description,
        state: check.state,
      }),
      302,
    );
  }
  const request = check.request;
  const needsCompany = scopesNeedRealm(request.scopes);
  if (decision === "ask") {
    const client = deps.clients.find(request.clientId);
    return c.html(renderConsentPage({
      formAction: deps.urlsFor(c).authorize,
      appName: client?.appName ?? request.clientId,
      request,
      companies: deps.companies.listCompanies(),
      needsCompany,
    }));
  }
  if (decision === "deny") {
    return c.redirect(
      redirectWith(request.redirectUri, { error: "access_denied", state: request.state }),
      302,
    );
  }
  return approve(c, deps, request, needsCompany ? params.realm_id : undefined, needsCompany);
}

function approve(
  c: Context,
  deps: OAuthServerDeps,
  request: AuthorizationRequest,
  chosenRealm: string | undefined,
  needsCompany: boolean,
): Response {
  let realmId: string | undefined;
  if (needsCompany) {
    const companies = deps.companies.listCompanies();
    realmId = chosenRealm ?? (companies.length === 1 ? companies[0].realmId : undefined);
    if (realmId === undefined || !deps.companies.hasRealm(realmId)) {
      return c.html(renderErrorPage("Choose an existing company (realm_id) to connect"), 400);
    }
  }
  const code = deps.codes.issue({
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    realmId,
    codeChallenge: request.codeChallenge,
    nonce: request.nonce,
  });
  return c.redirect(
    redirectWith(request.redirectUri, { code: code.code, state: request.state, realmId }),
    302,
  );
}
