/** The LoRa client against a real HTTP server on 127.0.0.1: paging, windows, tokens, retries and one-line errors. */
import { afterEach, describe, expect, it } from 'vitest';
import { LoraClient, type TokenProvider, wholeHistory, windowFromToday } from '../../src/lora/client.js';
import type { RetryPolicy } from '../../src/http/retry.js';
import { P2lError } from '../../src/util/errors.js';
import { describeWithInput } from '../support/required-input.js';
import { sampleJson, samplesInput } from './samples.js';
import { listPage, startServer, type Received, type Reply, type TestServer } from './server.js';

const fastPolicy: RetryPolicy = { retries: 2, minDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 };
const today = '2026-06-15';

/** Tokens "token-1", "token-2", ...: a new one after each invalidation of the current one. */
function tokenCounter(): TokenProvider & { current: () => string } {
  let n = 1;
  return {
    token: () => Promise.resolve(`token-${n}`),
    invalidate: (value) => {
      if (value === `token-${n}`) n++;
    },
    current: () => `token-${n}`,
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(handle: (request: Received) => Reply, tokens: TokenProvider = tokenCounter()): Promise<{ client: LoraClient; server: TestServer }> {
  server = await startServer(handle);
  // A trailing slash on the base is allowed.
  return { client: new LoraClient({ base: `${server.url}/lora/`, tokens, policy: fastPolicy }), server };
}

const users = (): unknown[] => (sampleJson('list-user.json') as { results: unknown[][] }).results[0] ?? [];

describeWithInput(samplesInput, 'LoRa client paging, serving list-user.json', () => {
  it('walks pages of pageSize until a short page, with the window and wildcard on every request', async () => {
    const objects = users();
    let bytesSent = 0;
    const { client, server } = await clientFor(({ url }) => {
      const reply = listPage(objects, url);
      bytesSent += Buffer.byteLength(reply.body);
      return reply;
    });
    const progress: number[] = [];
    const found = await client.list({ path: '/organisation/bruger', window: windowFromToday(today), pageSize: 100, onPage: (p) => progress.push(p.objects) });

    expect(found.map((o) => o.id)).toEqual(objects.map((o) => (o as { id: string }).id));
    expect(server.received).toHaveLength(9);
    expect(progress).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 897]);
    expect(client.traffic.requests).toBe(9);
    expect(client.traffic.bytesReceived).toBe(bytesSent);
    for (const [i, { url, authorization, method }] of server.received.entries()) {
      expect(method).toBe('GET');
      expect(url.pathname).toBe('/lora/organisation/bruger');
      expect(authorization).toBe('Bearer token-1');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        bvn: '%',
        list: '1',
        virkningfra: today,
        virkningtil: 'infinity',
        foersteresultat: String(i * 100),
        maximalantalresultater: '100',
      });
    }
  });

  it('hands each object over as its page arrives, before the next page is asked for', async () => {
    const objects = users().slice(0, 250);
    const { client, server } = await clientFor(({ url }) => listPage(objects, url));
    const seen: string[] = [];
    await client.eachObject(
      { path: '/organisation/bruger', window: windowFromToday(today), pageSize: 100, onPage: (p) => seen.push(`page ${p.pages}: ${p.objects}`) },
      (object) => seen.push(`${object.id} after ${server.received.length} requests`),
    );
    const ids = objects.map((o) => (o as { id: string }).id);
    const expected = [0, 1, 2].flatMap((page) => [
      ...ids.slice(page * 100, page * 100 + 100).map((id) => `${id} after ${page + 1} requests`),
      `page ${page + 1}: ${Math.min(250, page * 100 + 100)}`,
    ]);
    expect(seen).toEqual(expected);
  });

  it('ends on an empty page ({"results": []}) when the objects fill the last page exactly, and passes filters and the whole-history window', async () => {
    const objects = users().slice(0, 300);
    const { client, server } = await clientFor(({ url }) => listPage(objects, url));
    const found = await client.list({
      path: '/organisation/organisationfunktion',
      filters: { funktionsnavn: 'Engagement' },
      window: wholeHistory,
      pageSize: 150,
    });
    expect(found).toHaveLength(300);
    expect(server.received.map(({ url }) => url.searchParams.get('foersteresultat'))).toEqual(['0', '150', '300']);
    const [first] = server.received;
    expect(first?.url.searchParams.get('funktionsnavn')).toBe('Engagement');
    expect(first?.url.searchParams.get('virkningfra')).toBe('-infinity');
    expect(first?.url.searchParams.get('virkningtil')).toBe('infinity');
  });
});

describe('LoRa client failures', () => {
  const empty: Reply = { body: '{"results": []}' };

  it('renews the token once on HTTP 401', async () => {
    const tokens = tokenCounter();
    const { client, server } = await clientFor(({ authorization }) => (authorization === 'Bearer token-1' ? { status: 401, body: '{}' } : empty), tokens);
    expect(await client.list({ path: '/organisation/bruger', window: windowFromToday(today), pageSize: 10 })).toEqual([]);
    expect(server.received.map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('fails in one line when a renewed token is refused too', async () => {
    const { client } = await clientFor(() => ({ status: 401, body: '{}' }));
    const failure = client.list({ path: '/organisation/bruger', window: windowFromToday(today), pageSize: 10 });
    await expect(failure).rejects.toThrow(P2lError);
    await expect(failure).rejects.toThrow(/^LoRa at http:\/\/127\.0\.0\.1:\d+\/lora rejected a freshly renewed token for \/organisation\/bruger \(HTTP 401\)/);
  });

  it('retries 5xx and 429, then succeeds', async () => {
    let calls = 0;
    const { client, server } = await clientFor(() =>
      ++calls === 1 ? { status: 503, body: 'busy' } : calls === 2 ? { status: 429, body: '', headers: { 'retry-after': '0' } } : empty,
    );
    expect(await client.list({ path: '/klassifikation/klasse', window: windowFromToday(today), pageSize: 10 })).toEqual([]);
    expect(server.received).toHaveLength(3);
    expect(client.traffic.requests).toBe(3);
  });

  it('names the server and path when every try failed', async () => {
    const { client } = await clientFor(() => ({ status: 502, body: 'bad gateway' }));
    await expect(client.list({ path: '/klassifikation/klasse', window: windowFromToday(today), pageSize: 10 })).rejects.toThrow(
      /^LoRa at http:\/\/127\.0\.0\.1:\d+\/lora failed 3 tries \(last: HTTP 502\)/,
    );
  });

  it.each<[string, Reply, RegExp]>([
    [
      'a non-JSON answer',
      { body: '<!DOCTYPE html>\n<html><body>Login</body></html>', headers: { 'content-type': 'text/html' } },
      /\/organisation\/bruger with something other than JSON \(it starts "<!DOCTYPE html> <html><body>Login/,
    ],
    ['an answer without results', { body: '{"items": []}' }, /\/organisation\/bruger in an unexpected shape \(results is not a list\)/],
    ['an object without registrations', { body: '{"results": [[{"id": "x"}]]}' }, /unexpected shape \(results\[0\]\[0\]\.registreringer is not a list\)/],
    [
      'an element without virkning',
      { body: '{"results": [[{"id": "x", "registreringer": [{"relationer": {"tilhoerer": [{"uuid": "y"}]}}]}]]}' },
      /unexpected shape \(results\[0\]\[0\]\.registreringer\[0\]\.relationer\.tilhoerer\[0\]\.virkning is not an object\)/,
    ],
    ['HTTP 404', { status: 404, body: 'not found' }, /answered \/organisation\/bruger with HTTP 404: check lora\.base/],
  ])('reports %s as a P2lError on one line, naming the server and path', async (_what, reply, message) => {
    const { client } = await clientFor(() => reply);
    const failure = client.list({ path: '/organisation/bruger', window: windowFromToday(today), pageSize: 10 });
    const error = await failure.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(P2lError);
    const text = (error as P2lError).message;
    expect(text).toMatch(message);
    expect(text).toMatch(/^LoRa at http:\/\/127\.0\.0\.1:\d+\/lora /);
    expect(text).not.toContain('\n');
  });
});
