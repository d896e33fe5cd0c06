/**
 * The resource usage a measured child reports about itself (see
 * usage-hook.ts): shared by the hook and the parent, with no imports, so
 * that loading it costs the measured child nothing.
 */

/** The environment variable naming the file the hook writes. */
export const usageFileVariable = 'P2L_BENCH_USAGE_FILE';

/** process.resourceUsage() as the hook writes it. */
export interface ResourceRecord {
  /** Peak resident set size, in kilobytes. */
  maxRssKb: number;
  userMicros: number;
  systemMicros: number;
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The hook's JSON, checked; undefined when it is not what the hook writes. */
export function parseResourceRecord(text: string): ResourceRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { maxRssKb, userMicros, systemMicros } = value as Record<string, unknown>;
  if (!isFiniteNumber(maxRssKb) || !isFiniteNumber(userMicros) || !isFiniteNumber(systemMicros)) return undefined;
  return { maxRssKb, userMicros, systemMicros };
}
