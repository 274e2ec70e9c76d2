import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, sleep } from './lotledger-process.js';
import { blocked, type FaultAction, type FaultReport, type FaultScenario } from './scenario.js';

const run = promisify(execFile);

/**
 * kill -9 a process and start it again on the same data: `lotledger` (ingest, anchor and gateway in
 * one process) in the composed shape, or `ingest`, `anchor` or `gateway` in the split shape.
 */
export function killAndRestart(name = 'lotledger'): FaultAction {
  return async (system) => {
    const target = system.process(name);
    await target.kill9();
    await target.start();
  };
}

/**
 * A private stack (network/stack.sh with its own folder and ports) that the fault run may stop and
 * start: never the shared PostgreSQL and Kafka other suites use.
 */
export interface PrivateStack {
  readonly env: Readonly<Record<string, string>>;
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
}

export function privateStackEnv(dir: string, pgPort: number, kafkaPort: number, controllerPort: number): Record<string, string> {
  return {
    LOTLEDGER_STACK_DIR: dir,
    LOTLEDGER_PG_PORT: String(pgPort),
    LOTLEDGER_KAFKA_PORT: String(kafkaPort),
    LOTLEDGER_KAFKA_CONTROLLER_PORT: String(controllerPort),
  };
}

export async function stack(env: Readonly<Record<string, string>>, ...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [join(repoRoot(), 'network', 'stack.sh'), ...args], {
    cwd: repoRoot(),
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Starts the private stack (installing what is missing) and reads its connection settings. */
export async function privateStackUp(env: Readonly<Record<string, string>>): Promise<PrivateStack> {
  await stack(env, 'up', 'pg', 'kafka');
  const settings = Object.fromEntries(
    (await stack(env, 'env', 'pg', 'kafka'))
      .split('\n')
      .map((l) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? '', m[2] ?? '']),
  );
  const databaseUrl = settings['DATABASE_URL'];
  const kafkaBrokers = settings['KAFKA_BROKERS'];
  if (databaseUrl === undefined || kafkaBrokers === undefined) throw new Error('the private stack printed no DATABASE_URL / KAFKA_BROKERS');
  return { env, databaseUrl, kafkaBrokers };
}

/** Stops a server of the private stack, keeps it down for `downMs` under load, and starts it again. */
export function restartServer(env: Readonly<Record<string, string>>, component: 'pg' | 'kafka', downMs: number): FaultAction {
  return async () => {
    await stack(env, 'stop', component);
    await sleep(downMs);
    await stack(env, 'start', component);
  };
}

/**
 * The Fabric faults (stop a peer for 30 s, stop one of the three orderers) need the Fabric network of
 * network/stack.sh, which needs the release binaries (FABRIC_BIN): the Go module proxy refuses
 * github.com/hyperledger/fabric on these machines, so Fabric cannot be built here.
 */
export function fabricScenarios(stackEnv: Readonly<Record<string, string>>, injections: number): FaultScenario[] | FaultReport[] {
  const fabricBin = process.env['FABRIC_BIN'] ?? '';
  if (fabricBin === '' || (process.env['FABRIC_IDENTITIES'] ?? '') === '') {
    const reason =
      'Hyperledger Fabric is not installed here (the Go module proxy answers 403 for github.com/hyperledger/fabric); set FABRIC_BIN to the release binaries, start the network with `bash network/stack.sh up fabric` and export `bash network/stack.sh env` (FABRIC_IDENTITIES, …) to run it';
    return [
      blocked('stop a Fabric peer for 30 s', 'real stack (Kafka, PostgreSQL, Fabric)', reason),
      blocked('stop one of the three orderers', 'real stack (Kafka, PostgreSQL, Fabric)', reason),
    ];
  }
  const node = (verb: 'start' | 'stop', kind: 'peer' | 'orderer', which: string): Promise<string> => stack(stackEnv, verb, kind, which);
  return [
    {
      fault: 'stop a Fabric peer for 30 s',
      shape: 'real stack (PostgreSQL, Kafka, embedded ledger)',
      injections,
      inject: async () => {
        await node('stop', 'peer', 'org1');
        await sleep(30_000);
        await node('start', 'peer', 'org1');
      },
    },
    {
      fault: 'stop one of the three orderers',
      shape: 'real stack (PostgreSQL, Kafka, embedded ledger)',
      injections,
      inject: async () => {
        await node('stop', 'orderer', '2');
        await sleep(10_000);
        await node('start', 'orderer', '2');
      },
    },
  ];
}
