import { describe, expect, it } from 'vitest';
import { mapConcurrently, readAllPages } from './paging.js';

describe('mapConcurrently', () => {
  it('keeps input order and never exceeds the bound', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3], 2, async (item) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, item));
      inFlight -= 1;
      return item * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('starts nothing new after a failure and rejects with it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrently([1, 2, 3, 4], 1, async (item) => {
        started.push(item);
        if (item === 2) throw new Error('boom');
        return item;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });

  it('refuses a bound that is not a positive integer', async () => {
    await expect(mapConcurrently([1], 0, async (item) => item)).rejects.toThrow(TypeError);
  });
});

describe('readAllPages', () => {
  it('reads until a short page', async () => {
    const calls: number[] = [];
    const all = await readAllPages(async (first, max) => {
      calls.push(first);
      return Array.from({ length: Math.max(0, Math.min(max, 7 - first)) }, (_, index) => first + index);
    }, 3);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(calls).toEqual([0, 3, 6]);
  });
});
