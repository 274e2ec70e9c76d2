/**
 * `npm run bench:domain`: throughput of the pure domain core on one core (this process, one thread).
 *
 * Prints a table and writes bench-results/domain.json (relative to the working directory). Each
 * figure is the median of several timed rounds after a warm-up round. Not a test: nothing here asserts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { canonicalJson } from '../canonical/canonical-json.js';
import { validateEpcis } from '../epcis/index.js';
import { eventHashId } from '../hash/index.js';
import { MerkleTree, verifyInclusion } from '../merkle/merkle-tree.js';

const ROUNDS = 7;
const CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ex: 'https://ns.lotledger.example/ext/' }];

// ---- a realistic, deterministic mix of events (pharma, automotive, steel; all five event types) ----

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function time(i: number): string {
  const base = Date.UTC(2026, 0, 1) + i * 61_003;
  return new Date(base).toISOString().replace('Z', '+01:00');
}

function sgtin(item: string, serial: number): string {
  return `urn:epc:id:sgtin:4012345.${item}.S${pad(serial, 7)}`;
}

function makeEvent(i: number): Record<string, unknown> {
  const common = { '@context': CONTEXT, eventTime: time(i), eventTimeZoneOffset: '+01:00', readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' } };
  switch (i % 6) {
    case 0: // pharma commissioning with lot / expiry
      return {
        ...common,
        type: 'ObjectEvent',
        epcList: [sgtin('011111', i), sgtin('011111', i + 1), sgtin('011111', i + 2)],
        action: 'ADD',
        bizStep: 'commissioning',
        disposition: 'active',
        bizLocation: { id: 'urn:epc:id:sgln:4012345.00001.0' },
        ilmd: { 'ex:lotNumber': `LOT${pad(i % 97, 3)}`, 'ex:expiry': '2028-02-29' },
      };
    case 1: // packing into a case
      return {
        ...common,
        type: 'AggregationEvent',
        parentID: `urn:epc:id:sscc:4012345.${pad(i, 10)}`,
        childEPCs: [sgtin('011111', i), sgtin('011111', i + 1), sgtin('011111', i + 2), sgtin('011111', i + 3)],
        action: 'ADD',
        bizStep: 'packing',
        disposition: 'in_progress',
      };
    case 2: // cold-chain shipment with transactions, parties and sensor readings
      return {
        ...common,
        type: 'ObjectEvent',
        epcList: [`urn:epc:id:sscc:4012345.${pad(i, 10)}`],
        action: 'OBSERVE',
        bizStep: 'shipping',
        disposition: 'in_transit',
        bizTransactionList: [
          { type: 'po', bizTransaction: `urn:epcglobal:cbv:bt:4012345000016:PO-${String(i)}` },
          { type: 'desadv', bizTransaction: `urn:epcglobal:cbv:bt:4012345000016:D-${String(i)}` },
        ],
        sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:4012345.00000' }],
        destinationList: [{ type: 'owning_party', destination: 'urn:epc:id:pgln:4000001.00000' }],
        sensorElementList: [
          {
            sensorMetadata: { time: time(i), deviceID: 'urn:epc:id:giai:4000001.TL-111' },
            sensorReport: [
              { type: 'Temperature', value: 4 + (i % 30) / 10, uom: 'CEL' },
              { type: 'RelativeHumidity', value: 55 + (i % 9), uom: 'P1' },
            ],
          },
        ],
      };
    case 3: // automotive assembly
      return {
        ...common,
        type: 'AssociationEvent',
        parentID: `urn:epc:id:giai:4012345.VEH-${pad(i, 8)}`,
        childEPCs: [sgtin('077777', i), sgtin('066666', i)],
        childQuantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.055555.B42', quantity: 4, uom: 'H87' }],
        action: 'ADD',
        bizStep: 'assembling',
        disposition: 'active',
        'ex:station': `line-${String(i % 5)}`,
      };
    case 4: // steel heat → coils with a certificate
      return {
        ...common,
        type: 'TransformationEvent',
        inputQuantityList: [{ epcClass: `urn:epc:class:lgtin:4012345.088888.H${String(i)}`, quantity: 182.35, uom: 'TNE' }],
        outputEPCList: [sgtin('099999', i), sgtin('099999', i + 1)],
        transformationID: `urn:epc:id:gdti:4012345.00001.T${String(i)}`,
        bizStep: 'commissioning',
        disposition: 'active',
        certificationInfo: `https://certs.example-steel.com/en10204/3.1/H${String(i)}`,
        ilmd: { 'ex:heatNumber': String(i), 'ex:grade': 'S355J2' },
      };
    default: // invoice
      return {
        ...common,
        type: 'TransactionEvent',
        epcList: [`urn:epc:id:sscc:4012345.${pad(i, 10)}`],
        action: 'ADD',
        bizStep: 'shipping',
        bizTransactionList: [{ type: 'inv', bizTransaction: `urn:epcglobal:cbv:bt:4012345000016:INV-${String(i)}` }],
      };
  }
}

// ---- measuring ----

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

declare const gc: (() => void) | undefined;

/**
 * Runs `body` (which does `ops` operations) once to warm up, then ROUNDS times; median ops per
 * second of this process's CPU time (user + system). CPU time, not wall time, because the figure is
 * "per core" and a shared machine would otherwise measure its neighbours; the wall-clock median is
 * kept alongside for comparison.
 */
const wallRates: Record<string, number> = {};
function rate(ops: number, body: () => void, name?: string): number {
  body();
  const rates: number[] = [];
  const walls: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (typeof gc === 'function') gc();
    const cpu = process.cpuUsage();
    const start = performance.now();
    body();
    const wall = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    rates.push(ops / Math.max((used.user + used.system) / 1e6, 1e-6));
    walls.push(ops / wall);
  }
  if (name !== undefined) wallRates[name] = Math.round(median(walls));
  return Math.round(median(rates));
}

let sink = 0;

const EVENTS = 6_000;
const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));

const invalid = events.filter((e) => !validateEpcis(e).ok).length;
const validateAndHash = rate(EVENTS, () => {
  for (const e of events) {
    if (validateEpcis(e).ok) sink += eventHashId(e).length;
  }
}, 'validate_and_hash_events_per_s');
const validateOnly = rate(EVENTS, () => {
  for (const e of events) sink += validateEpcis(e).issues.length;
}, 'validate_only_events_per_s');
const hashOnly = rate(EVENTS, () => {
  for (const e of events) sink += eventHashId(e).length;
}, 'hash_only_events_per_s');
const canonical = rate(EVENTS, () => {
  for (const e of events) sink += canonicalJson(e).length;
});

const leaves = events.map((e) => eventHashId(e));
const merkle: Record<string, number> = {};
for (const size of [100, 1_000, 10_000]) {
  const ids = Array.from({ length: size }, (_, i) => `${leaves[i % leaves.length] ?? ''}${String(i)}`);
  const repeat = Math.max(1, Math.floor(20_000 / size));
  merkle[`build_${String(size)}_leaves_per_s`] = rate(size * repeat, () => {
    for (let r = 0; r < repeat; r++) sink += MerkleTree.fromLeaves(ids).size;
  });
}
const proofLeaves = Array.from({ length: 10_000 }, (_, i) => `${leaves[i % leaves.length] ?? ''}${String(i)}`);
const tree = MerkleTree.fromLeaves(proofLeaves);
const root = tree.rootHex;
const prove = rate(10_000, () => {
  for (let i = 0; i < 10_000; i++) sink += tree.proof(i).path.length;
});
const proofs = proofLeaves.map((_, i) => tree.proof(i));
const verify = rate(10_000, () => {
  for (let i = 0; i < 10_000; i++) sink += verifyInclusion(proofLeaves[i] ?? '', proofs[i] ?? tree.proof(0), root) ? 1 : 0;
});

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  threads_used: 1,
  rounds: ROUNDS,
  statistic: 'median of rounds after one warm-up round; rates per second of process CPU time (user + system)',
  event_mix: `${String(EVENTS)} events: Object (commissioning, cold-chain shipping), Aggregation, Association, Transformation, Transaction`,
  events_failing_validation: invalid,
  validate_and_hash_events_per_s: validateAndHash,
  validate_only_events_per_s: validateOnly,
  hash_only_events_per_s: hashOnly,
  canonical_json_ops_per_s: canonical,
  merkle,
  merkle_prove_per_s_10000_leaves: prove,
  merkle_verify_per_s_10000_leaves: verify,
  wall_clock_rates_per_s: wallRates,
  target_validate_and_hash_events_per_s: 50_000,
};

const dir = join(process.cwd(), 'bench-results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'domain.json'), JSON.stringify(results, null, 2) + '\n');

const rows: [string, string][] = [
  ['validate + hash (events/s, 1 core)', validateAndHash.toLocaleString('en')],
  ['validate only (events/s)', validateOnly.toLocaleString('en')],
  ['hash only (events/s)', hashOnly.toLocaleString('en')],
  ['canonicalJson (ops/s)', canonical.toLocaleString('en')],
  ...Object.entries(merkle).map(([k, v]): [string, string] => [`merkle ${k.replaceAll('_', ' ')}`, v.toLocaleString('en')]),
  ['merkle prove (proofs/s, 10,000 leaves)', prove.toLocaleString('en')],
  ['merkle verify (verifications/s, 10,000 leaves)', verify.toLocaleString('en')],
];
process.stdout.write(`lotledger domain benchmark — ${results.node}, ${results.cpu}, one thread, median of ${String(ROUNDS)} rounds, per CPU-second\n`);
if (invalid > 0) process.stdout.write(`note: ${String(invalid)} of ${String(EVENTS)} events failed validation (they are skipped by validate + hash)\n`);
for (const [name, value] of rows) process.stdout.write(`${name.padEnd(48)} ${value.padStart(12)}\n`);
process.stdout.write(`target: validate + hash >= 50,000 events/s — ${validateAndHash >= 50_000 ? 'met' : 'NOT met'}\n`);
process.stdout.write(`written: ${join(dir, 'domain.json')} (checksum ${String(sink % 10)})\n`);
