/**
 * Which of MO's GraphQL versions p2l reads, and which is MO's newest. MO
 * serves every version it still supports under `/graphql/vN` and answers a
 * GET of `/graphql` with a redirect to its newest (OS2mo
 * mora/graphapi/router.py, `redirect_to_latest_graphiql`).
 */
import type { Fetch } from '../http/tls.js';

/** The version of MO's GraphQL API that p2l's documents are written for. */
export const moGraphqlVersion = 29;

/** `<mora.base>/graphql/v29`. */
export const graphqlUrlOf = (moBase: string, version: number = moGraphqlVersion): string => `${moBase}/graphql/v${version}`;

const versionPath = /\/graphql\/v(\d+)\/?$/;

/** The version a redirect's Location names, or undefined. */
export function versionOfLocation(location: string | null): number | undefined {
  const match = versionPath.exec(location ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * MO's newest GraphQL version, read from where `/graphql` redirects; the
 * reason as text when MO did not say.
 */
export async function newestGraphqlVersion(moBase: string, send: Fetch, timeoutMs: number): Promise<number | string> {
  const response = await send(`${moBase}/graphql`, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel().catch(() => undefined);
  const version = versionOfLocation(response.headers.get('location'));
  if (response.status >= 300 && response.status < 400 && version !== undefined) return version;
  return `GET /graphql answered HTTP ${response.status} without a redirect to /graphql/vN`;
}
