import { readFile } from 'node:fs/promises';
import { isMetricName, metricFamilies, type Sample } from './families.js';

/** Larger than any file p2l writes by far: anything bigger is not ours, and is not read whole. */
const largestOwnFile = 1 << 20;

const sampleLine = /^([a-z_][a-z0-9_]*)\{(.*)\} (\S+)$/;
const labelPair = /^([a-z_][a-z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/;

/**
 * The samples of the metrics file p2l wrote last, to keep what this run does
 * not report (the last success time, other commands' series). A file that
 * is absent, unreadable, too large, or holds anything but p2l's own
 * families as p2l writes them is taken as no file: `[]`, never an error.
 */
export async function previousSamples(path: string): Promise<Sample[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  if (text.length > largestOwnFile) return [];
  return samplesOf(text) ?? [];
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
