import { fsyncSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** The part of PGlite's Emscripten module this touches: its NODEFS file-stream operations. */
interface EmscriptenModule {
  readonly FS: { readonly filesystems: { readonly NODEFS: { readonly stream_ops: Record<string, unknown> } } };
}
type FsInit = Awaited<ReturnType<NodeFS['init']>>;
type PreRun = NonNullable<FsInit['emscriptenOpts']['preRun']>[number];

/**
 * PGlite's Node filesystem, with fsync that reaches the disk.
 *
 * By default PGlite starts PostgreSQL with fsync off (`-F`), and even with it on, nothing would reach the
 * disk: its Emscripten NODEFS has no fsync operation and `fdatasync` is a no-op there. A commit then sits in
 * the OS page cache — safe from a crash of the process (kill -9 is tested), lost with a power cut or a kernel
 * crash, while the embedded bus and ledger (which do fsync) have moved on: the read model would be missing
 * events the bus had acknowledged and committed. This gives NODEFS's file streams an fsync (Node's
 * `fsyncSync` on the file's descriptor), and `DURABLE_START_PARAMS` starts PostgreSQL with fsync on and
 * `wal_sync_method=fsync` (the one method that calls it): each commit fsyncs the WAL and each checkpoint the
 * data files — PostgreSQL's own guarantees. Measured: +0.55 ms per commit on this machine's disk.
 */
export class DurableNodeFS extends NodeFS {
  /** fsync calls made (tests read it: a commit must make one). */
  syncs = 0;

  override async init(pg: Parameters<NodeFS['init']>[0], options: Parameters<NodeFS['init']>[1]): Promise<FsInit> {
    const result = await super.init(pg, options);
    const addFsync: PreRun = (mod) => {
      (mod as unknown as EmscriptenModule).FS.filesystems.NODEFS.stream_ops['fsync'] = (stream: { nfd: number }): number => {
        fsyncSync(stream.nfd);
        this.syncs += 1;
        return 0;
      };
    };
    const preRun = [...(result.emscriptenOpts.preRun ?? []), addFsync];
    return { ...result, emscriptenOpts: { ...result.emscriptenOpts, preRun } };
  }
}

/** PGlite's default start parameters without `-F` (fsync off), with fsync on through the method NODEFS serves. */
export const DURABLE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
];
