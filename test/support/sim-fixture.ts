/**
 * A simulator for the tests of one describe block: started over the fixture
 * (unless told another dataset) with a token before them, closed after them,
 * and a client bound to it.
 */
import type { DocumentNode } from 'graphql';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/sim/server.js';
import * as client from '../sim/client.js';
import { fixture } from '../sim/fixture.js';
import { forTheBlock } from './for-the-block.js';

export interface ServedSimulator {
  readonly sim: RunningSimulator;
  /** A token of the default client, taken when the simulator started. */
  readonly token: string;
  /** Posts a query with the token; fails on a non-200 answer (client.ts `query`). */
  query<T = Record<string, unknown>>(document: string | DocumentNode, variables?: Record<string, unknown>): Promise<client.GraphQLAnswer<T>>;
  /** The data of a query that must succeed (client.ts `data`). */
  data<T = Record<string, unknown>>(document: string | DocumentNode, variables?: Record<string, unknown>): Promise<T>;
  /** Posts a raw body with the token (client.ts `post`). */
  post(body: unknown): Promise<client.Answer>;
}

/** Call it in a describe block: the simulator runs around that block's tests. */
export function serveSimulator(options: Partial<SimulatorOptions> = {}): ServedSimulator {
  const running = forTheBlock(
    async () => {
      const sim = await startSimulator({ dataset: fixture(), ...options });
      return { sim, token: await client.getToken(sim) };
    },
    ({ sim }) => sim.close(),
  );
  return {
    get sim() {
      return running().sim;
    },
    get token() {
      return running().token;
    },
    query<T>(document: string | DocumentNode, variables: Record<string, unknown> = {}) {
      const { sim, token } = running();
      return client.query<T>(sim, token, document, variables);
    },
    data<T>(document: string | DocumentNode, variables: Record<string, unknown> = {}) {
      const { sim, token } = running();
      return client.data<T>(sim, token, document, variables);
    },
    post(body: unknown) {
      const { sim, token } = running();
      return client.post(sim, token, body);
    },
  };
}
