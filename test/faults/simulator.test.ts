/** What each injected fault looks like on the wire, and that the draws are seeded. */
import { afterEach, describe, expect, it } from 'vitest';
import { kindAt } from '../../src/sim/fault-draw.js';
import { noFaults, parseFaultSpec } from '../../src/sim/fault-spec.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import { getToken, post, requestToken } from '../sim/client.js';
import { fixture } from '../sim/fixture.js';

const probe = 'query Probe { classes(limit: 1) { objects { uuid } page_info { next_cursor } } }';
const goodClient = { grant_type: 'client_credentials', client_id: 'dipex', client_secret: 'dipex-secret' };

let sims: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
  sims = [];
});

async function simWith(faults: string): Promise<RunningSimulator> {
  const sim = await startSimulator({ dataset: fixture(), faults: parseFaultSpec(faults) });
  sims.push(sim);
  return sim;
}

/** POST the probe and read the whole answer as text; a broken connection is "broken: <cause>". */
async function rawProbe(sim: RunningSimulator, token: string): Promise<{ status: number; headers: Headers; text: string } | string> {
  try {
    const response = await fetch(`${sim.url}/graphql/v29`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: probe }),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    return `broken: ${(error as Error).message}`;
  }
}

const loraUrl = (sim: RunningSimulator) => `${sim.url}/lora/klassifikation/facet?bvn=%25&list=1`;

describe('faults on the wire', () => {
  it.each(['500', '502', '503'])('answers HTTP %s, to GraphQL and LoRa', async (status) => {
    const sim = await simWith(`${status}=1`);
    const token = await getToken(sim);
    expect((await post(sim, token, { query: probe })).status).toBe(Number(status));
    expect((await fetch(loraUrl(sim), { headers: { authorization: `Bearer ${token}` } })).status).toBe(Number(status));
    expect(sim.faultsInjected[status as '500']).toBe(2);
  });

  it('answers 429 with the Retry-After of the spec (1 s by default)', async () => {
    for (const [faults, retryAfter] of [
      ['429=1', '1'],
      ['429=1,retry-after=4', '4'],
    ] as const) {
      const sim = await simWith(faults);
      const answer = await post(sim, await getToken(sim), { query: probe });
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe(retryAfter);
    }
  });

  it('resets the connection after part of the body', async () => {
    const sim = await simWith('reset=1');
    expect(await rawProbe(sim, await getToken(sim))).toMatch(/^broken: /);
    expect(sim.faultsInjected.reset).toBe(1);
  });

  it('truncates the body in the middle and ends the answer cleanly', async () => {
    const clean = await simWith('');
    const whole = await rawProbe(clean, await getToken(clean));
    const sim = await simWith('truncate=1');
    const cut = await rawProbe(sim, await getToken(sim));
    if (typeof whole === 'string' || typeof cut === 'string') throw new Error('a connection broke');
    expect(cut.status).toBe(200);
    expect(cut.text.length).toBe(Math.floor(whole.text.length / 2));
    expect(whole.text.startsWith(cut.text)).toBe(true);
    expect(cut.headers.get('content-length')).toBe(String(cut.text.length));
    expect(() => JSON.parse(cut.text) as unknown).toThrow(SyntaxError);
  });

  it("answers MO's internal error to GraphQL (HTTP 200, no data, an error at the first field) and HTTP 500 to LoRa", async () => {
    const sim = await simWith('internal=1');
    const token = await getToken(sim);
    const answer = await post(sim, token, { query: `query Probe {\n  classes(limit: 1) { objects { uuid } } }` });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: null, errors: [{ message: 'Internal Server Error', locations: [{ line: 2, column: 3 }], path: ['classes'] }] });
    const lora = await fetch(loraUrl(sim), { headers: { authorization: `Bearer ${token}` } });
    expect(lora.status).toBe(500);
    expect(await lora.text()).toBe('Internal Server Error');
  });

  it('adds the latency to every answer', async () => {
    const sim = await simWith('latency=250ms');
    const token = await getToken(sim);
    const started = performance.now();
    const answer = await post(sim, token, { query: probe });
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(answer.status).toBe(200);
  });

  it('keeps the token endpoint down (HTTP 503) for the given time from the first token request', async () => {
    const sim = await simWith('token-down=400ms');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const first = await requestToken(sim, goodClient);
    expect(first.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 450));
    const later = await requestToken(sim, goodClient);
    expect(later.status).toBe(200);
    expect(sim.faultsInjected['token-down']).toBe(1);
  });

  it('issues tokens of the given lifetime, over the one of the options', async () => {
    const sim = await startSimulator({ dataset: fixture(), tokenLifetimeSeconds: 300, faults: parseFaultSpec('token-lifetime=3s') });
    sims.push(sim);
    expect((await requestToken(sim, goodClient)).body).toMatchObject({ expires_in: 3 });
  });

  it('lets queued faults go first, and zeroes its counters on resetStats', async () => {
    const sim = await simWith('500=1');
    const token = await getToken(sim);
    sim.queueFaults({ status: 418 });
    expect((await post(sim, token, { query: probe })).status).toBe(418);
    expect((await post(sim, token, { query: probe })).status).toBe(500);
    expect(sim.faultsInjected['500']).toBe(1);
    sim.resetStats();
    expect(Object.values(sim.faultsInjected)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('the seeded draws', () => {
  async function statuses(faults: string, count: number): Promise<number[]> {
    const sim = await simWith(faults);
    const token = await getToken(sim);
    const seen: number[] = [];
    for (let i = 0; i < count; i++) seen.push((await post(sim, token, { query: probe })).status);
    return seen;
  }

  it('gives the same faults to the same sequence of requests for a seed, and others for another seed', async () => {
    const spec = '500=0.2,503=0.2,retry-after=0';
    const first = await statuses(`${spec},seed=7`, 60);
    expect(await statuses(`${spec},seed=7`, 60)).toEqual(first);
    expect(await statuses(`${spec},seed=8`, 60)).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
  });

  it('keeps the faults of a seed when only the latency changes', async () => {
    const spec = '500=0.3,seed=9';
    expect(await statuses(`${spec},latency=0-5ms`, 30)).toEqual(await statuses(spec, 30));
  });

  it('lays the kinds out in order over [0, 1)', () => {
    const rates = { ...noFaults.rates, '500': 0.1, reset: 0.2 };
    expect([0, 0.099, 0.1, 0.299, 0.301, 0.99].map((unit) => kindAt(rates, unit))).toEqual(['500', '500', 'reset', 'reset', undefined, undefined]);
  });
});
