import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.js';
import { connectToMo } from '../../src/mo/connect.js';
import { fetchSnapshot } from '../../src/mo/fetch-snapshot.js';
import { resolveSettings } from '../../src/settings/load.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { P2lError } from '../../src/util/errors.js';
import { packageRoot } from '../../src/util/paths.js';
import { makeTestCertificates, type TestCertificates } from '../ship/servers/certificates.js';

const fixture = join(packageRoot, 'test', 'fixtures', 'municipality');

/** MO behind TLS with a certificate from an internal CA: an HTTPS server passing every request on to the simulator. */
function httpsInFrontOf(sim: RunningSimulator, certificates: TestCertificates): Promise<Server> {
  const server = createServer({ key: certificates.server.key, cert: certificates.server.cert }, (incoming, outgoing) => {
    const forward = httpRequest(`${sim.url}${incoming.url ?? '/'}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    incoming.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('MO and Keycloak behind an internal CA', () => {
  let sim: RunningSimulator;
  let proxy: Server;
  let caFile: string;
  let base: Record<string, unknown>;
  beforeAll(async () => {
    const certificates = await makeTestCertificates();
    sim = await startSimulator({ dataset: await loadDataset(join(fixture, 'dataset.json')) });
    proxy = await httpsInFrontOf(sim, certificates);
    caFile = join(await mkdtemp(join(tmpdir(), 'p2l-ca-')), 'ca.pem');
    await writeFile(caFile, certificates.ca.cert);
    const { port } = proxy.address() as AddressInfo;
    base = {
      'mora.base': `https://127.0.0.1:${port}`,
      'crontab.CLIENT_SECRET': 'dipex-secret',
      'exporters.plan2learn.root_unit': '10000000-0000-4000-8000-000000000001',
      'exporters.plan2learn.allowed_engagement_types': [],
    };
  });
  afterAll(async () => {
    proxy.close();
    await sim.close();
  });

  const plan = {
    today: '2026-11-26',
    rootUnit: '10000000-0000-4000-8000-000000000001',
    engagementTypes: [],
    withHistory: false,
    positionExtensionField: 'extension_2' as const,
    pageSize: 100,
    concurrency: 2,
  };

  it('is read when mo_ca_file names the CA', async () => {
    const settings = resolveSettings({ ...base, 'exporters.plan2learn.mo_ca_file': caFile }, {}, 'test');
    const snapshot = await fetchSnapshot(connectToMo(settings), plan);
    expect(snapshot.units.length).toBeGreaterThan(10);
  });

  it('is refused at once, with a line saying how to trust the CA, when it does not', async () => {
    const settings = resolveSettings(base, {}, 'test');
    const error = await fetchSnapshot(connectToMo(settings), plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    expect((error as Error).message).toMatch(
      /^Keycloak at https:\/\/127\.0\.0\.1:\d+\/auth\/realms\/mo\/protocol\/openid-connect\/token: its TLS certificate is not trusted \([A-Z_]+\): if it is the right server, set exporters\.plan2learn\.mo_ca_file to a PEM file of the CA that issued it$/,
    );
    expect(sim.stats.tokenRequests).toBe(1);
  });

  it('is refused even when NODE_TLS_REJECT_UNAUTHORIZED=0 is set in the process', async () => {
    const before = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    try {
      const settings = resolveSettings(base, {}, 'test');
      const error = await fetchSnapshot(connectToMo(settings), plan).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        /^Keycloak at https:\/\/127\.0\.0\.1:\d+\/auth\/realms\/mo\/protocol\/openid-connect\/token: its TLS certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
      );
    } finally {
      if (before === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = before;
    }
  });
});
