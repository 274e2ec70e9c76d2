import { GS1_CANONICAL_BASE, buildDigitalLink, parseIdentifier } from '@lotledger/domain';
import { InvalidArgumentError, type Command } from 'commander';
import QRCode from 'qrcode';
import type { CliIo, ExitCode } from '../cli-io.js';
import { reportIssues } from './dl.command.js';

type QrFormat = 'svg' | 'png';

interface QrOptions {
  readonly format: QrFormat;
  readonly out?: string;
  readonly base?: string;
}

function parseFormat(raw: string): QrFormat {
  if (raw !== 'svg' && raw !== 'png') throw new InvalidArgumentError('expected svg or png.');
  return raw;
}

// Error correction M (the level GS1 asks for Digital Link QR codes on packs) and the four-module
// quiet zone ISO/IEC 18004 requires around a QR Code symbol.
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The URL the QR code carries: the canonical Digital Link (attributes kept), on the chosen resolver. */
function qrUrl(uri: string, base: string, io: CliIo): string | undefined {
  const parsed = parseIdentifier(uri);
  if (!parsed.ok) {
    reportIssues(io, 'qr', parsed.issues);
    return undefined;
  }
  const { primaryKey, qualifiers, attributes } = parsed.value;
  const url = buildDigitalLink(primaryKey, qualifiers, attributes, base);
  if (!url.ok) {
    reportIssues(io, 'qr', url.issues);
    return undefined;
  }
  return url.value;
}

export function registerQrCommand(program: Command, io: CliIo, exit: ExitCode): void {
  program
    .command('qr')
    .argument('<uri>', 'a GS1 Digital Link (any host) or an EPC URN')
    .option('--format <format>', 'svg or png', parseFormat, 'svg' as QrFormat)
    .option('--out <file>', 'write the image to this file (required for png)')
    .option('--base <url>', `resolver base of the encoded URL (default ${GS1_CANONICAL_BASE})`)
    .description('Print a QR code (error correction M, quiet zone 4) of the canonical GS1 Digital Link of an identifier')
    .addHelpText(
      'after',
      `
SVG goes to standard output unless --out is given; PNG needs --out.
Exit status: 0 written, 1 invalid identifier or base, 2 usage error.

Examples:
  lotledger qr urn:epc:id:sgtin:0614141.812345.400 > pack.svg
  lotledger qr 'https://id.gs1.org/01/09520123456788/10/ABC1?17=280131' --format png --out label.png --base https://resolver.example.com`,
    )
    .action(async (uri: string, options: QrOptions) => {
      if (options.format === 'png' && options.out === undefined) {
        io.err('lotledger qr: --format png writes binary data; expected --out FILE');
        exit.code = 2;
        return;
      }
      const url = qrUrl(uri, options.base ?? GS1_CANONICAL_BASE, io);
      if (url === undefined) {
        exit.code = 1;
        return;
      }
      const image =
        options.format === 'png'
          ? new Uint8Array(await QRCode.toBuffer(url, { ...QR_OPTIONS, type: 'png' }))
          : await QRCode.toString(url, { ...QR_OPTIONS, type: 'svg' });
      if (options.out === undefined) {
        io.out(typeof image === 'string' ? image : '');
        return;
      }
      await io.writeFile(options.out, image);
      io.out(`${options.out}: ${url}`);
    });
}
