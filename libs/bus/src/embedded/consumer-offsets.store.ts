import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BusError } from '../event-bus.port.js';
import { writeFileAtomically } from './atomic-file.js';

interface OffsetsFileContent {
  /** 1: the only layout so far. */
  readonly version: number;
  readonly groupId: string;
  /** topic → partition → next offset to read. */
  readonly offsets: Record<string, Record<string, number>>;
}

/**
 * Committed positions of one consumer group, kept in one JSON file replaced atomically. Concurrent
 * `persist()` calls share writes: a caller waits for the first write that started after its change.
 */
export class ConsumerOffsetsStore {
  private readonly offsets = new Map<string, Map<number, number>>();
  private version = 0;
  private durableVersion = 0;
  private inFlight: Promise<void> | undefined;

  private constructor(
    private readonly file: string,
    private readonly groupId: string,
  ) {}

  static async load(groupsDirectory: string, groupId: string): Promise<ConsumerOffsetsStore> {
    // encodeURIComponent keeps any group id a single, safe file name.
    const store = new ConsumerOffsetsStore(join(groupsDirectory, `${encodeURIComponent(groupId).replace(/^\./, '%2E')}.json`), groupId);
    let text: string;
    try {
      text = await readFile(store.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw error;
    }
    const content = JSON.parse(text) as OffsetsFileContent;
    if (content.version !== 1 || content.groupId !== groupId)
      throw new BusError('IO', `offsets file ${store.file} is not version 1 of group ${groupId}`);
    for (const [topic, partitions] of Object.entries(content.offsets)) {
      for (const [partition, offset] of Object.entries(partitions)) store.topic(topic).set(Number(partition), offset);
    }
    return store;
  }

  /** Next offset to read, or undefined when the group never committed on this partition. */
  get(topic: string, partition: number): number | undefined {
    return this.offsets.get(topic)?.get(partition);
  }

  set(topic: string, partition: number, offset: number): void {
    this.topic(topic).set(partition, offset);
    this.version++;
  }

  /** Resolves once every `set` made before the call is on disk. */
  async persist(): Promise<void> {
    const target = this.version;
    while (this.durableVersion < target) {
      if (this.inFlight !== undefined) {
        await this.inFlight;
        continue;
      }
      const version = this.version;
      this.inFlight = writeFileAtomically(this.file, JSON.stringify(this.snapshot()))
        .then(() => {
          this.durableVersion = Math.max(this.durableVersion, version);
        })
        .finally(() => {
          this.inFlight = undefined;
        });
      await this.inFlight;
    }
  }

  /** Like persist(), but also covers changes made while it writes: returns when nothing is left unwritten. */
  async persistLatest(): Promise<void> {
    while (this.durableVersion < this.version) await this.persist();
  }

  private snapshot(): OffsetsFileContent {
    const offsets: Record<string, Record<string, number>> = {};
    for (const [topic, partitions] of this.offsets)
      offsets[topic] = Object.fromEntries([...partitions].map(([partition, offset]) => [String(partition), offset]));
    return { version: 1, groupId: this.groupId, offsets };
  }

  private topic(topic: string): Map<number, number> {
    let partitions = this.offsets.get(topic);
    if (partitions === undefined) {
      partitions = new Map();
      this.offsets.set(topic, partitions);
    }
    return partitions;
  }
}
