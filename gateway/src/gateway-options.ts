/** What the gateway needs beyond the shared tokens. */
export interface GatewayOptions {
  /**
   * The public base URL of this resolver (scheme, host, optional path; no trailing slash): printed in
   * QR codes, linksets and Link headers. PUBLIC_BASE_URL; default http://HOST:PORT.
   */
  readonly publicBaseUrl: string;
}

export const GATEWAY_OPTIONS = Symbol.for('lotledger.GATEWAY_OPTIONS');

/** Reads PUBLIC_BASE_URL (validated: an http(s) URL without query or fragment). */
export function gatewayOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  fallback: { readonly host: string; readonly port: number },
): GatewayOptions {
  const raw = env['PUBLIC_BASE_URL']?.trim();
  if (raw === undefined || raw === '') return { publicBaseUrl: `http://${fallback.host}:${String(fallback.port)}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`invalid configuration:\n  - PUBLIC_BASE_URL is not a URL: "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new Error(`invalid configuration:\n  - PUBLIC_BASE_URL must be an http(s) URL without query or fragment, got "${raw}"`);
  }
  return { publicBaseUrl: raw.replace(/\/+$/, '') };
}
