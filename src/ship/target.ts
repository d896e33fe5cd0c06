import { environmentName, settingsTable, type SettingName, type Settings } from '../settings/table.js';
import { SettingsError } from '../util/errors.js';

export type ShipProtocol = 'ftpes' | 'sftp';

interface Server {
  host: string;
  port: number;
  user: string;
  /** Null: the folder the server puts the user in at login. */
  remoteDir: string | null;
}

export interface FtpesTarget extends Server {
  protocol: 'ftpes';
  password: string;
  caFile: string | null;
}

export interface SftpTarget extends Server {
  protocol: 'sftp';
  password: string | null;
  privateKeyFile: string | null;
  hostKey: string;
}

export type ShipTarget = FtpesTarget | SftpTarget;

const defaultPorts: Record<ShipProtocol, number> = { ftpes: 21, sftp: 22 };

/**
 * Where and how to deliver, from the settings. A setting the chosen
 * protocol needs but that is absent is a SettingsError (exit 2) naming it.
 */
export function shipTargetOf(settings: Settings): ShipTarget {
  const protocol = settings.shipProtocol;
  const server: Server = {
    host: required(settings, 'shipHost', protocol),
    port: settings.shipPort ?? defaultPorts[protocol],
    user: required(settings, 'shipUser', protocol),
    remoteDir: settings.shipRemoteDir,
  };
  if (protocol === 'ftpes') {
    return { protocol, ...server, password: required(settings, 'shipPassword', protocol), caFile: settings.shipCaFile };
  }
  const password = settings.shipPassword;
  const privateKeyFile = settings.shipPrivateKeyFile;
  if (password === null && privateKeyFile === null) {
    throw new SettingsError(`settings ${keyOf('shipPassword')} and ${keyOf('shipPrivateKeyFile')} are both missing: sftp needs one of them to log in`);
  }
  return {
    protocol,
    ...server,
    password,
    privateKeyFile,
    hostKey: required(settings, 'shipHostKey', protocol, " (the fingerprint `ssh-keygen -lf` prints for the server's host key)"),
  };
}

/** `ftpes server ftp.example.dk:21`, as every message names it. */
export function serverName(target: ShipTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.protocol} server ${host}:${target.port}`;
}

export function folderName(target: ShipTarget): string {
  return target.remoteDir ?? 'the login folder';
}

type TextSetting = 'shipHost' | 'shipUser' | 'shipPassword' | 'shipHostKey';

function required(settings: Settings, name: TextSetting, protocol: ShipProtocol, hint = ''): string {
  const value = settings[name];
  if (value === null) {
    throw new SettingsError(
      `setting ${keyOf(name)} is missing: shipping over ${protocol} needs it${hint}; add it to the settings file or set ${environmentName(keyOf(name))}`,
    );
  }
  return value;
}

const keyOf = (name: SettingName) => settingsTable[name].key;
