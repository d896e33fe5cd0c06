import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { isMetricName, metricFamilies, type Sample } from './families.js';

/** Larger than any file p2l writes by far: anything bigger is not ours, and at most this much and one byte more is read. */
const largestOwnFile = 1 << 20;

const sampleLine = /^([a-z_][a-z0-9_]*)\{(.*)\} (\S+)$/;
const labelPair = /^([a-z_][a-z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/;

/**
 * What stands at the metrics file's path, read once: the samples p2l wrote
 * there last, to keep what this run does not report (the last success time,
 * other commands' series), `[]` when there is no file or an empty one, and
 * `undefined` when it is anything p2l did not write (not a regular file, a
 * symbolic link, too large, or any line but p2l's own families as p2l writes
 * them), which p2l must leave as it is. An error that keeps it from telling
 * (the file cannot be read) is thrown.
 */
export async function previousSamples(path: string): Promise<Sample[] | undefined> {
  try {
    if (!(await lstat(path)).isFile()) return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const bytes = await readAtMost(handle, largestOwnFile + 1);
    return bytes.length > largestOwnFile ? undefined : samplesOf(bytes.toString('utf8'));
  } finally {
    await handle.close();
  }
}

async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const buffer = Buffer.alloc(limit);
  let filled = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, filled, limit - filled, filled);
    filled += bytesRead;
    if (bytesRead === 0 || filled === limit) return buffer.subarray(0, filled);
  }
}

/** The samples of a file's text, or `undefined` when any line is not one p2l writes. */
export function samplesOf(text: string): Sample[] | undefined {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP p2l_') || line.startsWith('# TYPE p2l_')) continue;
    const sample = sampleOf(line);
    if (!sample) return undefined;
    samples.push(sample);
  }
  return samples;
}

function sampleOf(line: string): Sample | undefined {
  const match = sampleLine.exec(line);
  if (!match) return undefined;
  const [, name = '', labelText = '', valueText = ''] = match;
  const labels = labelsOf(labelText);
  const value = Number(valueText);
  if (!isMetricName(name) || !labels || !Number.isFinite(value)) return undefined;
  const expected: readonly string[] = metricFamilies[name].labelNames;
  const names = Object.keys(labels);
  if (names.length !== expected.length || !names.every((label) => expected.includes(label))) return undefined;
  return { name, labels, value };
}

function labelsOf(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest !== '') {
    const match = labelPair.exec(rest);
    if (!match) return undefined;
    const [whole, name = '', value = ''] = match;
    labels[name] = value.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    rest = rest.slice(whole.length);
  }
  return labels;
}
