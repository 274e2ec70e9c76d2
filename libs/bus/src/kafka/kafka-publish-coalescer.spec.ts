import type { Message, TopicMessages } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { KafkaPublishCoalescer } from './kafka-publish-coalescer.js';

const msg = (value: string): Message => ({ key: 'k', value });

describe('KafkaPublishCoalescer', () => {
  it('merges publishes that arrive while a request is out into the next request, in call order', async () => {
    const requests: TopicMessages[][] = [];
    let release: () => void = () => undefined;
    const coalescer = new KafkaPublishCoalescer(async (topicMessages) => {
      requests.push(topicMessages);
      if (requests.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = coalescer.publish('a', [msg('1')]);
    const second = coalescer.publish('a', [msg('2')]);
    const third = coalescer.publish('b', [msg('3')]);
    const fourth = coalescer.publish('a', [msg('4')]);
    release();
    await Promise.all([first, second, third, fourth]);
    expect(requests.map((r) => r.map((t) => [t.topic, t.messages.map((m) => m.value)]))).toEqual([
      [['a', ['1']]],
      [
        ['a', ['2', '4']],
        ['b', ['3']],
      ],
    ]);
  });

  it('rejects every publish of a failed request and still sends the ones queued after it', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const coalescer = new KafkaPublishCoalescer(async () => {
      calls++;
      if (calls === 1) {
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error('NOT_ENOUGH_REPLICAS');
      }
    });
    const failed = coalescer.publish('a', [msg('1')]);
    const later = coalescer.publish('a', [msg('2')]);
    release();
    await expect(failed).rejects.toThrow('NOT_ENOUGH_REPLICAS');
    await expect(later).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('keeps a merged request under the byte limit, sending an oversized publish alone', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const coalescer = new KafkaPublishCoalescer(async (topicMessages) => {
      sizes.push(topicMessages.reduce((n, t) => n + t.messages.length, 0));
      if (sizes.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 100);
    const all = [
      coalescer.publish('a', [msg('x')]),
      coalescer.publish('a', [msg('y'.repeat(500))]),
      coalescer.publish('a', [msg('z')]),
      coalescer.publish('a', [msg('w')]),
    ];
    release();
    await Promise.all(all);
    expect(sizes).toEqual([1, 1, 2]);
  });
});
