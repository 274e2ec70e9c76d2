import { readFile, writeFile } from 'node:fs/promises';

/** What a command may do to the outside world; tests pass a recording implementation. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
}

// A reader that closes early (`lotledger validate … | head -1`) must end the CLI quietly,
// not leave it writing into a broken pipe.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  writeFile: (path, data) => writeFile(path, data),
};

/** A command sets its exit code here; `main` returns it. */
export interface ExitCode {
  code: number;
}

/** Records everything a command prints; for tests. */
export function recordingIo(
  files: Record<string, string> = {},
): CliIo & { stdout: string[]; stderr: string[]; written: Map<string, Uint8Array | string> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const written = new Map<string, Uint8Array | string>();
  return {
    stdout,
    stderr,
    written,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) return Promise.reject(Object.assign(new Error(`ENOENT: no such file '${path}'`), { code: 'ENOENT' }));
      return Promise.resolve(new TextEncoder().encode(content));
    },
    writeFile: (path, data) => {
      written.set(path, data);
      return Promise.resolve();
    },
  };
}
