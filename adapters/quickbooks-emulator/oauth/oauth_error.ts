/** OAuth 2.0 protocol errors as Intuit's token server answers them. */

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_token"
  | "access_denied"
  | "unsupported_response_type";

/** An expected OAuth failure: becomes `{"error":code,"error_description":...}`. */
export class OAuthProtocolError extends Error {
  readonly code: OAuthErrorCode;
  /** HTTP status: 401 for client authentication and bearer failures, else 400. */
  readonly status: 400 | 401;

  constructor(code: OAuthErrorCode, description: string) {
    super(description);
    this.name = "OAuthProtocolError";
    this.code = code;
    this.status = code === "invalid_client" || code === "invalid_token" ? 401 : 400;
  }

  /** The JSON body Intuit sends (field order as in its captured sample). */
  toBody(): { error_description: string; error: string } {
    return { error_description: this.message, error: this.code };
  }
}
