/** The shared LoRa samples (../shared/lora/samples): whole `?list=1` answers and registration bodies from MO's test data. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseListAnswer, parseLoraObject, type LoraObject } from '../../src/lora/wire.js';
import { packageRoot } from '../../src/util/paths.js';
import { fileInput } from '../support/required-input.js';

export const samplesDir = join(packageRoot, '..', 'shared', 'lora', 'samples');
export const samplesInput = fileInput('the shared LoRa samples', samplesDir, "run the tests from a checkout beside the workspace's shared folder");
export const haveSamples = samplesInput.present;

export const sampleFiles = (): string[] =>
  haveSamples
    ? readdirSync(samplesDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

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
