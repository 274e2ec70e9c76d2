import { describe, expect, it } from 'vitest';
import { hasValidCheckDigit, parseIdentifier, validateEpcis } from '@lotledger/domain';
import { isValidVin, vin } from './gs1-identifiers.js';
import { captureDocument, captureLine, masterDataLine } from './simulation-documents.js';
import { generateSimulation } from './supply-chain.generator.js';
import type { Simulation } from './simulation.model.js';

const serialise = (s: Simulation): string => [masterDataLine(s), ...s.captures.map(captureLine)].join('\n');

function identifiersOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && /^urn:epc:(id|class):/.test(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) identifiersOf(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) identifiersOf(v, out);
  return out;
}

describe('the supply-chain simulator', () => {
  const all = generateSimulation({ industry: 'all', scale: 600, seed: 'spec' });

  it('gives byte-identical output for the same seed', () => {
    const again = generateSimulation({ industry: 'all', scale: 600, seed: 'spec' });
    expect(serialise(again)).toBe(serialise(all));
  });

  it('gives a different world for another seed', () => {
    expect(serialise(generateSimulation({ industry: 'all', scale: 600, seed: 'other' }))).not.toBe(serialise(all));
  });

  it('generates at least the scale in events, and not much more', () => {
    expect(all.events.length).toBeGreaterThanOrEqual(600);
    expect(all.events.length).toBeLessThan(600 + 80);
    for (const industry of ['pharma', 'auto', 'steel'] as const) {
      const one = generateSimulation({ industry, scale: 150, seed: 'spec' });
      expect(one.events.length).toBeGreaterThanOrEqual(150);
      expect(new Set(one.events.map((e) => e.chain))).toEqual(new Set([industry]));
    }
  });

  it('writes every capture as a valid EPCIS 2.0 document', () => {
    for (const capture of all.captures) {
      const result = validateEpcis(captureDocument(capture));
      expect(result.issues).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  it('uses GS1 keys with valid check digits and VINs with valid check characters', () => {
    for (const p of all.products) expect(hasValidCheckDigit(p.gtin), p.gtin).toBe(true);
    for (const l of all.locations) expect(hasValidCheckDigit(l.gln), l.gln).toBe(true);
    const ids = new Set(all.events.flatMap((e) => identifiersOf(e.event)));
    expect(ids.size).toBeGreaterThan(100);
    for (const id of ids) {
      const parsed = parseIdentifier(id);
      expect(parsed.ok, id).toBe(true);
    }
    const vins = [...ids].filter((id) => id.includes('.S') && /\.[A-Z0-9]{17}$/.test(id)).map((id) => id.slice(-17));
    expect(vins.length).toBeGreaterThan(0);
    for (const v of vins) expect(isValidVin(v), v).toBe(true);
    // The reference VIN of 49 CFR 565 examples: 1M8GDM9AXKP042788 has check character X.
    expect(isValidVin('1M8GDM9AXKP042788')).toBe(true);
    expect(isValidVin('1M8GDM9A1KP042788')).toBe(false);
    expect(isValidVin(vin('SA0', 'HB1C4', 'T', 'Z', 42))).toBe(true);
  });

  it('keeps events in time order, and every hand-over after what it builds on', () => {
    const position = new Map(all.events.map((e, i) => [e.seq, i]));
    for (let i = 1; i < all.events.length; i++) expect(all.events[i]?.timeMs).toBeGreaterThanOrEqual(all.events[i - 1]?.timeMs ?? 0);
    for (const e of all.events) for (const dep of e.after) expect(position.get(dep)).toBeLessThan(position.get(e.seq) ?? -1);
  });

  it('sends each organisation’s events in time order and waits only for captures sent before', () => {
    const lastTime = new Map<string, number>();
    const captureOf = new Map<number, number>();
    for (const c of all.captures) {
      for (const dep of c.after) expect(dep).toBeLessThan(c.index);
      for (const e of c.events) {
        expect(e.submitterMsp).toBe(c.submitterMsp);
        expect(e.timeMs).toBeGreaterThanOrEqual(lastTime.get(c.submitterMsp) ?? 0);
        lastTime.set(c.submitterMsp, e.timeMs);
        // A dependency is sent before: in an earlier capture, or earlier in this one.
        for (const dep of e.after) expect(captureOf.has(dep), `event ${String(e.seq)} before its dependency ${String(dep)}`).toBe(true);
        captureOf.set(e.seq, c.index);
      }
    }
    expect(all.captures.flatMap((c) => c.events).length).toBe(all.events.length);
  });

  it('includes the requested share of custody violations', () => {
    for (const rate of [0.02, 0.1]) {
      const s = generateSimulation({ industry: 'all', scale: 1000, seed: 'violations', violationRate: rate });
      const violations = s.events.filter((e) => e.expectedRejection !== undefined);
      expect(Math.abs(violations.length / s.events.length - rate)).toBeLessThan(0.005);
      expect(new Set(violations.map((v) => v.expectedRejection))).toEqual(new Set(['NOT_CUSTODIAN', 'WRONG_RECEIVER']));
    }
    expect(
      generateSimulation({ industry: 'pharma', scale: 300, seed: 'x', violationRate: 0 }).events.some((e) => e.expectedRejection),
    ).toBe(false);
  });

  it('links the industries: coils from a steelworks are stamped into automotive parts', () => {
    const stamping = all.events.filter(
      (e) => e.event['type'] === 'TransformationEvent' && e.chain === 'auto' && Array.isArray(e.event['inputEPCList']),
    );
    expect(stamping.length).toBeGreaterThan(0);
    const steelMade = new Set(
      all.events.filter((e) => e.chain === 'steel').flatMap((e) => (e.event['outputEPCList'] as string[] | undefined) ?? []),
    );
    for (const s of stamping) for (const coil of s.event['inputEPCList'] as string[]) expect(steelMade.has(coil)).toBe(true);
  });

  it('reports cold-chain excursions and out-of-spec certificates in a share of readings', () => {
    const readings = all.events.filter((e) => e.event['bizStep'] === 'sensor_reporting');
    expect(readings.length).toBeGreaterThan(5);
    const certificates = all.events.filter((e) => typeof e.event['certificationInfo'] === 'string');
    expect(certificates.length).toBeGreaterThan(5);
    const s = generateSimulation({ industry: 'all', scale: 800, seed: 'rates', excursionRate: 1, outOfSpecRate: 0 });
    for (const e of s.events.filter((x) => x.event['bizStep'] === 'sensor_reporting')) {
      const ilmdOf = s.events.find((c) => c.event['bizStep'] === 'commissioning' && c.chain === 'pharma' && c.event['ilmd']);
      expect(ilmdOf).toBeDefined();
      const report = (e.event['sensorElementList'] as { sensorReport: { maxValue: number }[] }[])[0]?.sensorReport[0];
      expect(report?.maxValue).toBeGreaterThan(8);
    }
  });

  it('can replay the demo story with its known keys', () => {
    const s = generateSimulation({ industry: 'all', scale: 50, seed: 'demo', story: true });
    const text = JSON.stringify(s.events.map((e) => e.event));
    expect(text).toContain('urn:epc:class:lgtin:0614141.000010.H24-117');
    expect(text).toContain('urn:epc:id:sgtin:9520123.000001.SN1001');
    expect(s.organisations.map((o) => o.mspId)).toContain('NordstahlMSP');
  });
});
