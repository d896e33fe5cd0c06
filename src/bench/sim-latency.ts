/**
 * The simulator's own speed, measured here rather than asserted in tests
 * (where a busy machine makes a timing flaky): the LoRa list pages of a large
 * municipality each answered in a steady time (the first page finds the
 * matches, later pages only cut and encode their own), and a GraphQL answer
 * after a delayed one not held up by it. Each figure is shown against its
 * goal as a ratio: under 1 is within it.
 */
import { generateDataset } from '../generate/generate.js';
import { startSimulator, type RunningSimulator } from '../sim/server.js';
import { median } from './model.js';

export interface SimLatencyOptions {
  persons: number;
  pageSize: number;
  today: string;
  seed: number;
  /** GraphQL answers timed after the delayed one; the median is reported. */
  probes: number;
}

export interface SimLatencyFigure {
  what: string;
  goalSeconds: number;
  seconds: number;
}

export interface SimLatencyResult {
  options: SimLatencyOptions;
  pages: number;
  figures: SimLatencyFigure[];
}

/** The goals the tests asserted before they moved here. */
const goals = { laterPageSeconds: 2, answerAfterDelaySeconds: 0.25 } as const;

const probe = 'query Probe { classes(limit: 1) { page_info { next_cursor } } }';
const clientId = 'dipex';
const clientSecret = 'dipex-secret';

async function tokenOf(sim: RunningSimulator): Promise<string> {
  const response = await fetch(`${sim.url}/auth/realms/mo/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || body.access_token === undefined) throw new Error(`the simulator gave no token (HTTP ${response.status})`);
  return body.access_token;
}

/** Seconds `work` took, and what it returned. */
async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { seconds: (performance.now() - started) / 1000, value };
}

/** One `organisation/bruger?list=1` page over all of history: the number of persons on it. */
async function personPage(sim: RunningSimulator, token: string, offset: number, pageSize: number): Promise<number> {
  const search = new URLSearchParams({
    bvn: '%',
    list: '1',
    virkningfra: '-infinity',
    virkningtil: 'infinity',
    foersteresultat: String(offset),
    maximalantalresultater: String(pageSize),
  });
  const response = await fetch(`${sim.url}/lora/organisation/bruger?${search.toString()}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`LoRa page at ${offset} failed (HTTP ${response.status})`);
  const body = (await response.json()) as { results: unknown[][] };
  return body.results[0]?.length ?? 0;
}

async function graphqlProbe(sim: RunningSimulator, token: string): Promise<void> {
  const response = await fetch(`${sim.url}/graphql/v29`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: probe }),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`GraphQL probe failed (HTTP ${response.status})`);
}

export async function runSimLatency(options: SimLatencyOptions): Promise<SimLatencyResult> {
  const dataset = generateDataset({ persons: options.persons, seed: options.seed, today: options.today });
  const sim = await startSimulator({ dataset, clients: { [clientId]: clientSecret } });
  try {
    const token = await tokenOf(sim);
    const laterPages: number[] = [];
    let pages = 0;
    for (let offset = 0; ; offset += options.pageSize) {
      const { seconds, value: count } = await timed(() => personPage(sim, token, offset, options.pageSize));
      if (offset > 0) laterPages.push(seconds);
      pages++;
      if (count < options.pageSize) break;
    }
    const afterDelay: number[] = [];
    for (let run = 0; run < options.probes; run++) {
      sim.queueFaults({ delayMs: 300 });
      await graphqlProbe(sim, token);
      afterDelay.push((await timed(() => graphqlProbe(sim, token))).seconds);
    }
    return {
      options,
      pages,
      figures: [
        { what: `slowest LoRa page after the first (${options.pageSize} persons)`, goalSeconds: goals.laterPageSeconds, seconds: Math.max(0, ...laterPages) },
        { what: 'GraphQL answer right after a delayed one (median)', goalSeconds: goals.answerAfterDelaySeconds, seconds: median(afterDelay) },
      ],
    };
  } finally {
    await sim.close();
  }
}

export function renderSimLatency(result: SimLatencyResult): string {
  const { persons, pageSize, probes } = result.options;
  return [
    '## Simulator latency',
    '',
    `The simulator in this process, serving a generated municipality of ${persons.toLocaleString('en-US')} persons: ` +
      `${result.pages} LoRa pages of ${pageSize} persons over all of history, and ${probes} GraphQL answers each right after one delayed 300 ms. ` +
      'A ratio under 1 is within the goal.',
    '',
    '| figure | goal s | measured s | ratio |',
    '|---|---:|---:|---:|',
    ...result.figures.map(
      (figure) => `| ${figure.what} | ${figure.goalSeconds.toFixed(2)} | ${figure.seconds.toFixed(3)} | ${(figure.seconds / figure.goalSeconds).toFixed(2)}× |`,
    ),
    '',
  ].join('\n');
}
