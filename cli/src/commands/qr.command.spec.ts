import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../testing/run-command.js';
import { registerQrCommand } from './qr.command.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; written: Map<string, Uint8Array | string> }> {
  const r = await runCommand(registerQrCommand, args);
  return { code: r.code, stdout: r.stdout.join('\n'), stderr: r.stderr.join('\n'), written: r.written };
}

describe('lotledger qr', () => {
  it('prints an SVG QR code to standard output by default', async () => {
    const r = await run(['qr', 'urn:epc:id:sgtin:0614141.812345.400']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 (\d+) \1"/);
    expect(r.stdout.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('writes a PNG to --out and names the URL it encodes', async () => {
    const r = await run(['qr', 'https://example.com/01/9520123456788/10/ABC1?17=280131', '--format', 'png', '--out', 'label.png']);
    expect(r.code).toBe(0);
    const png = r.written.get('label.png');
    expect(png).toBeInstanceOf(Uint8Array);
    expect([...(png as Uint8Array).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(r.stdout).toBe('label.png: https://id.gs1.org/01/09520123456788/10/ABC1?17=280131');
  });

  it('encodes the URL on the resolver given by --base', async () => {
    const r = await run(['qr', 'urn:epc:id:sscc:0614141.1234567890', '--out', 'x.svg', '--base', 'https://resolver.example.com/']);
    expect(r.stdout).toBe('x.svg: https://resolver.example.com/00/106141412345678908');
    expect(String(r.written.get('x.svg'))).toMatch(/^<svg /);
  });

  it('draws the symbol of the canonical URL at error correction M with a quiet zone of four modules', async () => {
    const url = 'https://id.gs1.org/01/09520123456788/22/VARIANT/10/LOTLOTLOTLOT/21/SERIALSERIALSERIAL12?17=280131&3103=001250';
    const r = await run(['qr', url]);
    const side = Number(/viewBox="0 0 (\d+)/.exec(r.stdout)?.[1]);
    const atM = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules.size;
    const atH = QRCode.create(url, { errorCorrectionLevel: 'H' }).modules.size;
    expect(atH).not.toBe(atM);
    expect(side).toBe(atM + 2 * 4);
  });

  it('uses a larger symbol for a longer URL (the content is really encoded)', async () => {
    const size = (svg: string): number => Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]);
    const short = await run(['qr', 'https://id.gs1.org/00/106141412345678908']);
    const long = await run([
      'qr',
      'https://id.gs1.org/01/09520123456788/22/VARIANT/10/LOTLOTLOTLOT/21/SERIALSERIALSERIAL12?17=280131&3103=001250',
    ]);
    expect(size(long.stdout)).toBeGreaterThan(size(short.stdout));
  });

  it('exits 1 with the reason for an invalid identifier and writes nothing', async () => {
    const r = await run(['qr', 'https://id.gs1.org/01/80614141123457', '--out', 'bad.png', '--format', 'png']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('lotledger qr: GTIN 80614141123457 has a wrong check digit; expected check digit 8');
    expect(r.written.size).toBe(0);
  });

  it('refuses PNG without --out and an unknown format', async () => {
    const png = await run(['qr', 'urn:epc:id:sgtin:0614141.812345.400', '--format', 'png']);
    expect(png.code).toBe(2);
    expect(png.stderr).toContain('expected --out FILE');
    const gif = await run(['qr', 'urn:epc:id:sgtin:0614141.812345.400', '--format', 'gif']);
    expect(gif.code).toBe(2);
    expect(gif.stderr).toContain('expected svg or png');
  });

  it('rejects a base that is not an http(s) URL', async () => {
    const r = await run(['qr', 'urn:epc:id:sgtin:0614141.812345.400', '--base', 'resolver.example.com']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not an http(s) base URL');
  });

  it('documents itself under --help', async () => {
    const r = await run(['qr', '--help']);
    expect(r.stdout).toContain('Usage: lotledger qr [options] <uri>');
    expect(r.stdout).toContain('--format <format>');
    expect(r.stdout).toContain('--base <url>');
  });
});
