import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/util/memory.js';

describe('collecting garbage between reading and building', () => {
  it('runs a full collection without exposing gc to the program itself', () => {
    const before = process.memoryUsage().heapUsed;
    const made = (): number => Array.from({ length: 200_000 }, (_, i) => ({ i, text: `value ${i}` })).length;
    expect(made()).toBe(200_000);
    collectGarbage();
    expect(process.memoryUsage().heapUsed).toBeLessThan(before + 5_000_000);
    expect('gc' in globalThis).toBe(false);
  });
});
