import { HttpException } from '@nestjs/common';

/**
 * An authentication (401) or authorisation (403) failure with a stable code. Transports map it:
 * HTTP to a problem+json response (401 carries an RFC 6750 `WWW-Authenticate` challenge), Kafka
 * intake to a DLQ reason.
 */
export type AuthErrorCode =
  | 'TOKEN_MISSING'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_CLAIMS'
  | 'FORBIDDEN_ROLE'
  | 'INVALID_CLIENT'
  | 'JWS_MALFORMED'
  | 'JWS_ALGORITHM'
  | 'JWS_UNKNOWN_ORG'
  | 'JWS_UNKNOWN_KEY'
  | 'JWS_BAD_SIGNATURE'
  | 'JWS_ORG_MISMATCH';

export class AuthError extends HttpException {
  override readonly name = 'AuthError';
  readonly httpStatus: 401 | 403;

  constructor(
    status: 401 | 403,
    readonly code: AuthErrorCode,
    message: string,
  ) {
    // The body shape `{code, message}` is what the platform's problem+json mapping reads.
    super({ code, message }, status);
    this.httpStatus = status;
  }

  /**
   * GraphQL error extensions: graphql-js copies an original error's `extensions` onto the error it
   * reports, so every resolver answers a refused token the same way without a per-transport filter.
   * `code` is the one GraphQL clients branch on (UNAUTHENTICATED for 401, FORBIDDEN for 403);
   * `reason` is the same code REST puts in its problem (TOKEN_EXPIRED, FORBIDDEN_ROLE…).
   */
  get extensions(): { readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN'; readonly reason: AuthErrorCode; readonly status: 401 | 403 } {
    return { code: this.httpStatus === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', reason: this.code, status: this.httpStatus };
  }

  /** RFC 6750 §3 challenge for 401 responses (the description never echoes token contents). */
  get challenge(): string | undefined {
    if (this.httpStatus !== 401) return undefined;
    if (this.code === 'TOKEN_MISSING') return 'Bearer realm="lotledger"';
    if (this.code === 'INVALID_CLIENT') return 'Basic realm="lotledger"';
    return `Bearer realm="lotledger", error="invalid_token", error_description="${this.message.replace(/["\\]/g, '')}"`;
  }
}
