import { mapLimit, mapLimitSettled } from '../../src/core/concurrency';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('mapLimit', () => {
  it('keeps the input order and never runs more than limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n, index) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return `${index}:${n}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure, waits for running calls, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const err = await mapLimit([0, 1, 2, 3, 4], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 0) throw new Error('first');
      await tick();
      finished.push(n);
      return n;
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe('first');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]); // the call in flight was awaited, not abandoned
  });

  it('handles empty input and refuses a bad limit', async () => {
    await expect(mapLimit([], 3, async () => 1)).resolves.toEqual([]);
    await expect(mapLimit([1], 0, async () => 1)).rejects.toThrow('limit must be a whole number of at least 1 (got 0)');
  });
});

describe('mapLimitSettled', () => {
  it('runs every item and reports each outcome in order', async () => {
    const results = await mapLimitSettled([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two');
      return n * 10;
    });
    expect(results[0]).toEqual({ status: 'fulfilled', value: 10 });
    expect(results[1]).toMatchObject({ status: 'rejected', reason: new Error('two') });
    expect(results[2]).toEqual({ status: 'fulfilled', value: 30 });
  });
});
