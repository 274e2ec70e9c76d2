import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '@lotledger/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLotledgerApp } from '../runtime/lotledger-app.js';
import { runCommand, type CommandRun } from '../testing/run-command.js';
import { progressReporter } from './progress-reporter.js';
import { registerSimulateCommand } from './simulate.command.js';

const progress: string[] = [];

function run(args: string[], env: Record<string, string> = {}): Promise<CommandRun> {
  return runCommand((program, io, exit) => {
    registerSimulateCommand(program, io, exit, env, { progress: (t) => progress.push(t), isTty: false });
  }, args);
}

describe('lotledger simulate, offline', () => {
  it('writes a master-data line then one line per capture, the same for the same seed', async () => {
    const a = await run(['simulate', '--industry', 'steel', '--scale', '80', '--seed', '9']);
    const b = await run(['simulate', '--industry', 'steel', '--scale', '80', '--seed', '9']);
    expect(a.code).toBe(0);
    expect(a.stdout).toEqual(b.stdout);
    const [master, ...captures] = a.stdout.map((l) => JSON.parse(l) as { kind: string; document?: { type: string } });
    expect(master?.kind).toBe('masterData');
    expect(captures.length).toBeGreaterThan(3);
    for (const c of captures) expect(c).toMatchObject({ kind: 'capture', document: { type: 'EPCISDocument' } });
  });

  it('adds the deep genealogy with --deep-genealogy: a heat transformed into hundreds of descendants', async () => {
    const plain = await run(['simulate', '--industry', 'steel', '--scale', '80', '--seed', '9']);
    const deep = await run(['simulate', '--industry', 'steel', '--scale', '80', '--seed', '9', '--deep-genealogy']);
    expect(deep.code).toBe(0);
    // The stamper's TransformationEvents turn one coil's blanks into its 82 serialised backing plates.
    const widest = (lines: readonly string[]): number =>
      Math.max(
        0,
        ...lines
          .map((l) => JSON.parse(l) as { document?: { epcisBody?: { eventList?: { type: string; outputEPCList?: string[] }[] } } })
          .flatMap((c) => c.document?.epcisBody?.eventList ?? [])
          .filter((e) => e.type === 'TransformationEvent')
          .map((e) => e.outputEPCList?.length ?? 0),
      );
    expect(widest(deep.stdout)).toBeGreaterThanOrEqual(82);
    expect(widest(plain.stdout)).toBeLessThan(82);
  });

  it('writes master-data.json and captures.jsonl with --out', async () => {
    const r = await run(['simulate', '--industry', 'pharma', '--scale', '50', '--out', 'sim']);
    expect(r.code).toBe(0);
    expect([...r.written.keys()].sort()).toEqual([join('sim', 'captures.jsonl'), join('sim', 'master-data.json')]);
  });

  it('refuses a bad scale, an unknown industry, a violation share out of range and --to with --out', async () => {
    expect((await run(['simulate', '--scale', '0'])).code).toBe(1);
    expect((await run(['simulate', '--scale', '12.5'])).code).toBe(1);
    expect((await run(['simulate', '--industry', 'textiles'])).code).toBe(2);
    expect((await run(['simulate', '--violations', '0.9'])).code).toBe(1);
    const both = await run(['simulate', '--to', 'http://127.0.0.1:1', '--out', 'x']);
    expect(both.code).toBe(1);
    expect(both.stderr.join('\n')).toMatch(/--to or --out/);
  });

  it('refuses --kafka without --to, and a broker list without ports, before sending anything', async () => {
    const alone = await run(['simulate', '--scale', '20', '--kafka', '127.0.0.1:9092']);
    expect(alone.code).toBe(1);
    expect(alone.stderr.join('\n')).toMatch(/--kafka needs --to URL/);
    expect(alone.stdout).toEqual([]);
    const noPort = await run(['simulate', '--scale', '20', '--to', 'http://127.0.0.1:1', '--kafka', 'localhost']);
    expect(noPort.code).toBe(1);
    expect(noPort.stderr.join('\n')).toMatch(/--kafka must be a comma list of host:port/);
  });
});

describe('the progress reporter', () => {
  it('prints a line per tenth when stderr is not a terminal, and redraws a bar when it is', () => {
    const plain: string[] = [];
    const p = progressReporter((t) => plain.push(t), false);
    for (let sent = 0; sent <= 100; sent += 5) p.update({ sent, total: 100, accepted: sent, rejected: 0 });
    p.finish({ sent: 100, total: 100, accepted: 98, rejected: 2 });
    expect(plain).toHaveLength(12);
    expect(plain.at(-1)).toBe('simulate: done, 100/100 events sent, 98 accepted, 2 rejected\n');
    const tty: string[] = [];
    const bar = progressReporter((t) => tty.push(t), true);
    bar.update({ sent: 50, total: 100, accepted: 50, rejected: 0 });
    expect(tty[0]).toMatch(/^\r\[#{15}\.{15}\] {2}50% 50\/100 events sent/);
  });
});

// The --to path for real: the composed app listening on a port, tokens signed with its data folder's key.
describe('lotledger simulate --to a running lotledger', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lotledger-simulate-'));
    const config = loadConfig({ LOTLEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await createLotledgerApp(config, { publicBaseUrl: 'http://127.0.0.1' }, createLogger({ level: 'silent', service: 'test' }));
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    base = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}`;
  }, 300_000);

  afterAll(async () => {
    await (app as NestFastifyApplication | undefined)?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers the organisations, captures every event and prints the summary with rejections by reason', async () => {
    progress.length = 0;
    const r = await run([
      'simulate',
      '--industry',
      'auto',
      '--scale',
      '60',
      '--seed',
      '3',
      '--violations',
      '0.05',
      '--to',
      base,
      '--data',
      dataDir,
      '--json',
    ]);
    expect(r.stderr.filter((l) => l.startsWith('lotledger simulate:'))).toEqual([]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout[0] ?? '{}') as {
      eventsSent: number;
      accepted: number;
      rejected: number;
      rejectedByReason: Record<string, number>;
      expectedViolations: number;
      violationsRejectedAsExpected: number;
    };
    expect(summary.eventsSent).toBeGreaterThanOrEqual(60);
    expect(summary.accepted + summary.rejected).toBe(summary.eventsSent);
    expect(summary.expectedViolations).toBeGreaterThan(0);
    expect(summary.violationsRejectedAsExpected).toBe(summary.expectedViolations);
    expect(Object.values(summary.rejectedByReason).reduce((a, b) => a + b, 0)).toBe(summary.rejected);
    expect(progress.at(-1)).toMatch(/^simulate: done, \d+\/\d+ events sent/);
  });
});
