import { createServer, type Server } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/util/paths.js';
import { scriptServer, type ScriptServer } from '../faults/http-server.js';
import { makeTestCertificates } from '../ship/servers/certificates.js';
import { runCli } from './run-cli.js';

const fixture = join(packageRoot, 'test', 'fixtures', 'municipality');

describe('nothing leaked (issue 13)', () => {
  let dir: string;
  let written = 0;
  const servers: { close(): unknown }[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'p2l-leak-'));
  });
  afterAll(() => Promise.all(servers.map((server) => server.close())));

  async function exportWith(overrides: Record<string, unknown>, env: Record<string, string> = {}) {
    const settings = JSON.parse(await readFile(join(fixture, 'settings.json'), 'utf8')) as Record<string, unknown>;
    const file = join(dir, `settings-${written++}.json`);
    await writeFile(file, JSON.stringify({ ...settings, 'exporters.plan2learn.retries': 0, ...overrides }), { mode: 0o600 });
    return runCli(['export', '--settings', file, '--out', join(dir, `out-${written}`), '--today', '2026-11-26', '--quiet'], env);
  }

  it('verifies certificates whatever NODE_TLS_REJECT_UNAUTHORIZED says, and says once that it ignores it', async () => {
    const certificates = await makeTestCertificates();
    const server: Server = createServer({ key: certificates.server.key, cert: certificates.server.cert }, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"access_token":"t","expires_in":300}');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const result = await exportWith({ 'mora.base': `https://127.0.0.1:${port}` }, { NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_NO_WARNINGS: '1' });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'p2l: warning: NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored: TLS certificates are always verified; for an internal CA, set exporters.plan2learn.mo_ca_file (MO, LoRa, Keycloak) or exporters.plan2learn.ca_file (FTPES)',
      `p2l: Keycloak at https://127.0.0.1:${port}/auth/realms/mo/protocol/openid-connect/token: its TLS certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): if it is the right server, set exporters.plan2learn.mo_ca_file to a PEM file of the CA that issued it`,
    ]);
  });

  it("puts a server's error message on one bounded line, without escapes, forged lines, tokens or the client secret", async () => {
    const evil = `Cannot query field\n\u001b[31mred\u009b31m\np2l: status=ok exit=0\nAuthorization: Bearer abc.def.ghi dipex-secret ${'x'.repeat(1000)}`;
    const mo: ScriptServer = await scriptServer((n) =>
      n === 1 ? { body: '{"access_token":"t","expires_in":300}' } : { body: JSON.stringify({ errors: [{ message: evil }] }) },
    );
    servers.push(mo);
    const result = await exportWith({ 'mora.base': mo.url });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^p2l: MO at http:\/\/127\.0\.0\.1:\d+\/graphql\/v29 rejected \w+: Cannot query field red p2l status=ok exit=0 Authorization: Bearer \*\*\* \*\*\* x+… \(is this MO's GraphQL v29 or later/,
    );
    expect(lines[0]?.length).toBeLessThan(420);
    const output = result.stdout + result.stderr;
    for (const leaked of ['\u001b', '\u009b', 'p2l: status=ok', 'abc.def.ghi', 'dipex-secret']) expect(output).not.toContain(leaked);
    expect(result.stdout).toMatch(/^p2l: status=failed exit=1 command=export /m);
  });

  it('never prints the password of a URL with user:password@', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    for (const key of ['mora.base', 'crontab.AUTH_SERVER']) {
      const result = await exportWith({ 'mora.base': `http://127.0.0.1:${port}`, [key]: `http://user:s3cret@127.0.0.1:${port}` });
      expect(result.code).toBe(2);
      expect(result.stdout + result.stderr).not.toContain('s3cret');
      expect(result.stderr).toBe(
        `p2l: setting ${key} from the settings file must not hold a user or password (user:password@): p2l signs in with the Keycloak client, crontab.CLIENT_ID and crontab.CLIENT_SECRET\n`,
      );
    }
  });
});
