import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedEventBusAdapter } from './embedded-event-bus.adapter.js';

describe('embedded data directory lock', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function fresh(): Promise<string> {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-bus-lock-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    return dataDir;
  }

  it('refuses a data directory another live process holds', async () => {
    const dataDir = await fresh();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    cleanups.push(async () => {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    });
    await writeFile(join(dataDir, 'LOCK'), String(other.pid));
    await expect(EmbeddedEventBusAdapter.open({ dataDir })).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringContaining(`in use by process ${other.pid}`),
    });
  });

  it('takes over the lock a crashed process left behind, and releases it on close', async () => {
    const dataDir = await fresh();
    const crashed = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => crashed.once('exit', resolve));
    await writeFile(join(dataDir, 'LOCK'), String(crashed.pid));
    const bus = await EmbeddedEventBusAdapter.open({ dataDir });
    expect(await readFile(join(dataDir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    await bus.close();
    await expect(readFile(join(dataDir, 'LOCK'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
