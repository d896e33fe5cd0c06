import { isAbsolute, resolve } from 'node:path';
import { isDay } from '../util/days.js';
import { SettingsError } from '../util/errors.js';

/** cac hands options over untyped; these turn them into checked values or a usage error (exit 2). */
export type RawOptions = Record<string, unknown>;

export function optionalText(options: RawOptions, name: string): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new SettingsError(`--${name} needs a value`);
  return value;
}

export function optionalPath(options: RawOptions, name: string): string | undefined {
  const value = optionalText(options, name);
  return value === undefined || isAbsolute(value) ? value : resolve(value);
}

export function optionalInteger(options: RawOptions, name: string, min: number, max: number): number | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw new SettingsError(`--${name} must be a whole number from ${min} to ${max}`);
  return number;
}

export function optionalDay(options: RawOptions, name: string): string | undefined {
  const value = optionalText(options, name);
  if (value !== undefined && !isDay(value)) throw new SettingsError(`--${name} must be a date written YYYY-MM-DD, such as 2026-11-26`);
  return value;
}

export function flag(options: RawOptions, name: string): boolean {
  return options[name] === true;
}

/** The shipping flags `p2l ship` and `p2l export --ship` share. */
export function shipFlagsOf(options: RawOptions): { dryRun: boolean; allowEmpty: boolean; insecureSkipTlsVerify: boolean } {
  return { dryRun: flag(options, 'dryRun'), allowEmpty: flag(options, 'allowEmpty'), insecureSkipTlsVerify: flag(options, 'insecureSkipTlsVerify') };
}

/** --allow-deletions N: how many persons (and units) one shipment may remove, instead of the deletion guard's limit. */
export function allowDeletionsOf(options: RawOptions): number | null {
  const value = options['allowDeletions'];
  if (value === undefined) return null;
  const number = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < 0) {
    throw new SettingsError('--allow-deletions must be a whole number: how many persons (and units) this run may remove, e.g. --allow-deletions 120');
  }
  return number;
}
