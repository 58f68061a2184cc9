/** The small HTML consent page: pick a company, approve or deny. */
import type { AuthorizationRequest } from "./authorization_request.ts";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function hidden(name: string, value: string | undefined): string {
  return value === undefined ? "" : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

export function renderConsentPage(args: {
  readonly formAction: string;
  readonly appName: string;
  readonly request: AuthorizationRequest;
  readonly companies: ReadonlyArray<{ realmId: string; companyName: string }>;
  readonly needsCompany: boolean;
}): string {
  const { request } = args;
  const companyChoices = args.needsCompany
    ? args.companies.map((c, i) =>
      `<label><input type="radio" name="realm_id" value="${escapeHtml(c.realmId)}"${
        i === 0 ? " checked" : ""
      }> ${escapeHtml(c.companyName)} (${escapeHtml(c.realmId)})</label><br>`
    ).join("\n")
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connect to QuickBooks (emulator)</title></head>
<body>
<h1>${escapeHtml(args.appName)} wants to connect to QuickBooks Online</h1>
<p>This is the local QuickBooks Online emulator. Requested access: ${escapeHtml(request.scopes.join(" "))}</p>
<form method="post" action="${escapeHtml(args.formAction)}">
${companyChoices}
${hidden("client_id", request.clientId)}
${hidden("redirect_uri", request.redirectUri)}
${hidden("response_type", "code")}
${hidden("scope", request.scopes.join(" "))}
${hidden("state", request.state)}
${hidden("code_challenge", request.codeChallenge)}
${hidden("nonce", request.nonce)}
${hidden("code_challenge_method", request.codeChallenge === undefined ? undefined : "S256")}
<button type="submit" name="decision" value="approve">Connect</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>
</body></html>`;
}

export function renderErrorPage(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization error (emulator)</title></head>
<body><h1>Authorization error</h1><p>${escapeHtml(message)}</p></body></html>`;
}
