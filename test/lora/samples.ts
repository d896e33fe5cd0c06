/** The shared LoRa samples (../shared/lora/samples): whole `?list=1` answers and registration bodies from MO's test data. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseListAnswer, parseLoraObject, type LoraObject } from '../../src/lora/wire.js';
import { packageRoot } from '../../src/util/paths.js';

export const samplesDir = join(packageRoot, '..', 'shared', 'lora', 'samples');
export const haveSamples = existsSync(samplesDir);
if (!haveSamples) console.warn(`LoRa samples not found at ${samplesDir}: the sample tests are skipped`);

export const sampleFiles = (): string[] => (haveSamples ? readdirSync(samplesDir).filter((f) => f.endsWith('.json')).sort() : []);

export const sampleJson = (file: string): unknown => JSON.parse(readFileSync(join(samplesDir, file), 'utf8')) as unknown;

/** A `list-*.json` answer's objects. */
export const listSample = (file: string): LoraObject[] => parseListAnswer(sampleJson(file));

/** A `create_organisationfunktion_*.json` registration body as the object LoRa would list: `{id, registreringer: [body]}`. */
export const functionSample = (name: string, id: string): LoraObject =>
  parseLoraObject({ id, registreringer: [sampleJson(`create_organisationfunktion_${name}.json`)] });

/** A sample body, edited (relations retargeted, added or removed) before it is wrapped as an object. */
export function editedFunctionSample(name: string, id: string, edit: (body: { relationer: Record<string, unknown[]> }) => void): LoraObject {
  const body = structuredClone(sampleJson(`create_organisationfunktion_${name}.json`)) as { relationer: Record<string, unknown[]> };
  edit(body);
  return parseLoraObject({ id, registreringer: [body] });
}
