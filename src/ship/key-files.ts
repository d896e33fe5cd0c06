import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { settingsTable } from '../settings/table.js';
import { SettingsError } from '../util/errors.js';

/** The PEM certificates of `exporters.plan2learn.ca_file`. */
export async function readCaFile(path: string): Promise<Buffer> {
  const pem = await readSettingFile(path, settingsTable.shipCaFile.key);
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new SettingsError(`setting ${settingsTable.shipCaFile.key}: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  return pem;
}

/** The key of `exporters.plan2learn.private_key_file`, checked to be one ssh2 can use (unencrypted). */
export async function readPrivateKey(path: string): Promise<Buffer> {
  const key = await readSettingFile(path, settingsTable.shipPrivateKeyFile.key);
  const parsed = ssh2.utils.parseKey(key);
  const problem = parsed instanceof Error ? parsed.message : parsed.isPrivateKey() ? undefined : 'it is a public key';
  if (problem !== undefined) {
    throw new SettingsError(`setting ${settingsTable.shipPrivateKeyFile.key}: ${path} is not an unencrypted SSH private key (${problem})`);
  }
  return key;
}

async function readSettingFile(path: string, key: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new SettingsError(`setting ${key}: ${path} cannot be read (${code})`);
  }
}
