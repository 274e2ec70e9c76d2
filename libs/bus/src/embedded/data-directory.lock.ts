import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BusError } from '../event-bus.port.js';

const LOCK_FILE = 'LOCK';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Keeps two processes from appending to the same logs (two `npm start` on one ./data would corrupt
 * them). The lock file names the owner's PID; a lock left by a dead process (a crash) is taken over.
 * The same process may reopen its own directory (a restart inside one process, and the tests).
 */
export const DataDirectoryLock = {
  async acquire(dataDir: string): Promise<void> {
    const file = join(dataDir, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(file, String(process.pid), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (owner === process.pid) return;
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new BusError(
          'IO',
          `data directory ${dataDir} is in use by process ${owner}; stop it first (or delete ${file} if that process is not lotledger)`,
        );
      }
      await rm(file, { force: true });
    }
    throw new BusError('IO', `could not lock data directory ${dataDir}`);
  },

  async release(dataDir: string): Promise<void> {
    const file = join(dataDir, LOCK_FILE);
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (owner === process.pid) await rm(file, { force: true });
  },
};
