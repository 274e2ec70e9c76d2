import { isAbsolute, join, resolve } from 'node:path';
import { isTokenRole, loadSigningKeyFile, parseTtl, TokenIssuer } from '@lotledger/auth';
import { Option, type Command } from 'commander';
import type { CliIo, ExitCode } from '../cli-io.js';

interface TokenOptions {
  readonly org?: string;
  readonly role: string;
  readonly data?: string;
  readonly ttl: string;
  readonly subject?: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The development token issuer of a data directory: its embedded signing key (created if absent
 * unless AUTH_SIGNING_KEY_FILE names one), with the services' issuer and audience. `lotledger
 * simulate --to` signs its organisations' tokens with it too.
 */
export function devTokenIssuer(data: string | undefined, env: Environment): { keyFile: string; issuer: () => Promise<TokenIssuer> } {
  const dataDir = resolve(data ?? env['LOTLEDGER_DATA_DIR'] ?? './data');
  const named = env['AUTH_SIGNING_KEY_FILE']?.trim();
  const keyFile =
    named === undefined || named === '' ? join(dataDir, 'keys', 'auth-signing.pem') : isAbsolute(named) ? named : resolve(named);
  return {
    keyFile,
    issuer: async () =>
      new TokenIssuer(await loadSigningKeyFile(keyFile, { createIfMissing: named === undefined || named === '' }), {
        issuer: env['AUTH_ISSUER']?.trim() || 'http://localhost:8080',
        audience: env['AUTH_AUDIENCE']?.trim() || 'lotledger',
      }),
  };
}

/**
 * `lotledger token`: a development access token signed with the embedded signing key of a data
 * directory (the key `lotledger start` uses), created there if absent. Same issuer, audience and
 * key file rules as the services (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_SIGNING_KEY_FILE).
 */
export function registerTokenCommand(program: Command, io: CliIo, exit: ExitCode, env: Environment = process.env): void {
  program
    .command('token')
    .description("Print a development access token (ES256 JWT) signed with the data directory's embedded key")
    .addOption(new Option('--role <role>', 'the token role').choices(['supplier', 'regulator', 'admin']).makeOptionMandatory())
    .option('--org <mspId>', 'the organisation (MSP id); required for suppliers')
    .option('--data <dir>', 'the data directory (default: LOTLEDGER_DATA_DIR or ./data)')
    .option('--ttl <duration>', 'lifetime: seconds, or 30m, 1h, 7d', '1h')
    .option('--subject <sub>', 'the token subject (default: dev:<org or role>)')
    .addHelpText(
      'after',
      `
The token goes to stdout alone, so it can be captured:
  TOKEN=$(lotledger token --org PharmaMSP --role supplier)
  curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/ld+json' \\
       --data @shipment.jsonld http://127.0.0.1:8080/epcis/capture

Exit status: 0 printed, 1 bad arguments or unreadable key.`,
    )
    .action(async (options: TokenOptions) => {
      const role = options.role;
      if (!isTokenRole(role)) {
        io.err(`unknown role ${role}`);
        exit.code = 1;
        return;
      }
      if (role === 'supplier' && (options.org === undefined || options.org.trim() === '')) {
        io.err('a supplier token needs --org <mspId>');
        exit.code = 1;
        return;
      }
      const ttlSeconds = parseTtl(options.ttl);
      if (ttlSeconds === undefined) {
        io.err(`--ttl ${options.ttl} is not a duration (e.g. 3600, 30m, 1h, 7d)`);
        exit.code = 1;
        return;
      }
      const { keyFile, issuer: openIssuer } = devTokenIssuer(options.data, env);
      try {
        const issuer = await openIssuer();
        const org = options.org?.trim();
        const { token, expiresIn } = await issuer.issue({
          subject: options.subject ?? `dev:${org ?? role}`,
          role,
          ...(org === undefined || org === '' ? {} : { org }),
          ttlSeconds,
        });
        io.out(token);
        io.err(`${role}${org === undefined ? '' : ` of ${org}`}, valid ${String(expiresIn)} s, key ${keyFile}`);
      } catch (error: unknown) {
        io.err(`cannot sign a token with ${keyFile}: ${error instanceof Error ? error.message : String(error)}`);
        exit.code = 1;
      }
    });
}
