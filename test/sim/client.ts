/** A bare HTTP client for the simulator's tests: fetch, nothing of src/mo. */
import { print, type DocumentNode } from 'graphql';
import type { RunningSimulator } from '../../src/sim/server.js';

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

export const tokenUrl = (sim: RunningSimulator, realm = 'mo'): string => `${sim.url}/auth/realms/${realm}/protocol/openid-connect/token`;

export async function requestToken(sim: RunningSimulator, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(tokenUrl(sim), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return answerOf(response);
}

export async function getToken(sim: RunningSimulator): Promise<string> {
  const answer = await requestToken(sim, { grant_type: 'client_credentials', client_id: 'dipex', client_secret: 'dipex-secret' });
  const body = answer.body as { access_token: string };
  return body.access_token;
}

export async function post(sim: RunningSimulator, token: string | undefined, body: unknown): Promise<Answer> {
  const response = await fetch(`${sim.url}/graphql/v29`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf(response);
}

export interface GraphQLAnswer<T> {
  data: T | null;
  errors?: { message: string }[];
}

/** Posts a query (text or document) and answers the GraphQL body; fails on a non-200 answer. */
export async function query<T = Record<string, unknown>>(
  sim: RunningSimulator,
  token: string,
  document: string | DocumentNode,
  variables: Record<string, unknown> = {},
): Promise<GraphQLAnswer<T>> {
  const answer = await post(sim, token, { query: typeof document === 'string' ? document : print(document), variables });
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as GraphQLAnswer<T>;
}

/** The data of a query that must succeed. */
export async function data<T = Record<string, unknown>>(
  sim: RunningSimulator,
  token: string,
  document: string | DocumentNode,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const answer = await query<T>(sim, token, document, variables);
  if (answer.errors !== undefined || answer.data === null) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}
