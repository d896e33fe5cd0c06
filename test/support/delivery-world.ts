/**
 * The world a delivery test runs in: temporary folders, FTPES servers with
 * the certificates to trust them, settings files, and a simulator of the
 * fixture municipality. What a test file starts is closed and removed after
 * its tests.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { loadDataset } from '../../src/dataset/load.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { packageRoot } from '../../src/util/paths.js';
import { temporaryFolders, writeSampleFiles, type SampleFileOptions, type TemporaryFolders } from '../ship/fixtures.js';
import { makeTestCertificates, type TestCertificates } from '../ship/servers/certificates.js';
import { startFtpsServer, type FtpsServer, type FtpsServerOptions } from '../ship/servers/ftps-server.js';
import { fingerprintOf, type SftpServer } from '../ship/servers/sftp-server.js';
import { forTheBlock } from './for-the-block.js';

interface Closable {
  close(): Promise<void>;
}

/** Certificates for test FTPES servers, and the file of their CA for exporters.plan2learn.ca_file. */
export interface FtpesTrust {
  certificates: TestCertificates;
  caFile: string;
}

export interface DeliveryWorld {
  folders: TemporaryFolders;
  /** `server`, closed after the tests. */
  keep<T extends Closable>(server: T): T;
  /** A new folder holding the sample files. */
  sampleFolder(options?: SampleFileOptions): Promise<string>;
  /** The certificates of the test file's FTPES servers and their CA's file, made on first use. */
  trust(): Promise<FtpesTrust>;
  /** A new FTPES server over a new empty folder (its `root`), for user viborg with `password`. */
  ftpes(password: string, options?: Partial<FtpsServerOptions>): Promise<{ server: FtpsServer; root: string }>;
}

/** A test file's world; call it at the top of the file. */
export function deliveryWorld(): DeliveryWorld {
  const folders = temporaryFolders();
  const servers: Closable[] = [];
  let trust: Promise<FtpesTrust> | undefined;
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await folders.removeAll();
  });
  const world: DeliveryWorld = {
    folders,
    keep(server) {
      servers.push(server);
      return server;
    },
    async sampleFolder(options = {}) {
      const folder = await folders.make('local');
      await writeSampleFiles(folder, options);
      return folder;
    },
    trust() {
      trust ??= (async () => {
        const certificates = await makeTestCertificates();
        const caFile = join(await folders.make('pki'), 'ca.pem');
        await writeFile(caFile, certificates.ca.cert);
        return { certificates, caFile };
      })();
      return trust;
    },
    async ftpes(password, options = {}) {
      const { certificates } = await world.trust();
      const root = await folders.make('remote');
      const server = world.keep(await startFtpsServer({ root, user: 'viborg', password, ...certificates.server, ...options }));
      return { server, root };
    },
  };
  return world;
}

/** The settings that ship to `server` as viborg with `password`, trusting the CA in `caFile`. */
export function ftpesSettings(server: FtpsServer, password: string, caFile: string): Record<string, unknown> {
  return {
    'exporters.plan2learn.host': server.host,
    'exporters.plan2learn.port': server.port,
    'exporters.plan2learn.user': 'viborg',
    'exporters.plan2learn.password': password,
    'exporters.plan2learn.ca_file': caFile,
  };
}

/** The settings that ship over SFTP to `server` as viborg with `password`, pinning the host key `hostKeyPublic`. */
export function sftpSettings(server: SftpServer, password: string, hostKeyPublic: string): Record<string, unknown> {
  return {
    'exporters.plan2learn.protocol': 'sftp',
    'exporters.plan2learn.host': server.host,
    'exporters.plan2learn.port': server.port,
    'exporters.plan2learn.user': 'viborg',
    'exporters.plan2learn.password': password,
    'exporters.plan2learn.host_key': fingerprintOf(hostKeyPublic),
  };
}

/** Writes `values` as a settings file only its owner may read, as p2l wants it; answers `path`. */
export async function writeSettingsFile(path: string, values: Record<string, unknown>): Promise<string> {
  await writeFile(path, JSON.stringify(values), { mode: 0o600 });
  return path;
}

/** The fixture municipality: its dataset.json, settings.json and golden files. */
export const municipality = join(packageRoot, 'test', 'fixtures', 'municipality');

/** A simulator of MO serving the fixture municipality. */
export async function startMunicipality(): Promise<RunningSimulator> {
  return startSimulator({ dataset: await loadDataset(join(municipality, 'dataset.json')) });
}

/** The fixture municipality's settings pointed at `sim`, with `extra` on top. */
export async function municipalitySettings(sim: RunningSimulator, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const values = JSON.parse(await readFile(join(municipality, 'settings.json'), 'utf8')) as Record<string, unknown>;
  return { ...values, 'mora.base': sim.url, ...extra };
}

export interface MunicipalityCli {
  readonly sim: RunningSimulator;
  /** A temporary folder for the block's tests, holding `settings.json`. */
  readonly dir: string;
  /** The settings file: the fixture municipality's settings pointed at `sim`. */
  readonly settings: string;
}

/** Call it in a describe block: the hooks it registers start the simulator and write the settings before that block's tests, and end them after. */
export function municipalityCli(name: string, extra: Record<string, unknown> = {}): MunicipalityCli {
  const running = forTheBlock(
    async () => {
      const sim = await startMunicipality();
      const dir = await mkdtemp(join(tmpdir(), `p2l-${name}-`));
      return { sim, dir, settings: await writeSettingsFile(join(dir, 'settings.json'), await municipalitySettings(sim, extra)) };
    },
    async ({ sim, dir }) => {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  );
  return {
    get sim() {
      return running().sim;
    },
    get dir() {
      return running().dir;
    },
    get settings() {
      return running().settings;
    },
  };
}
