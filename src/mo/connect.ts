import { settingsTable, type Settings } from '../settings/table.js';
import { MoClient } from './client.js';
import { runDeadline } from './deadline.js';
import { fetchTrusting } from './tls.js';
import { TokenSource } from './token.js';
import type { RetryPolicy } from './retry.js';
import { graphqlUrlOf } from './versions.js';

/** The retry policy the settings ask for, with a deadline counted from now: make one per run, and share it. */
export function retryPolicyOf(settings: Settings): RetryPolicy {
  return {
    retries: settings.retries,
    minDelayMs: settings.retryFirstDelayMs,
    maxDelayMs: 30_000,
    timeoutMs: settings.requestTimeoutSeconds * 1000,
    deadline: runDeadline(settings.deadlineMinutes),
    fetch: fetchTrusting(settings.moCaFile, settingsTable.moCaFile.key),
  };
}

/** The Keycloak client-credentials token source the settings name. */
export function tokenSourceOf(settings: Settings, policy: RetryPolicy): TokenSource {
  return new TokenSource(
    {
      tokenUrl: `${settings.authServer}/realms/${encodeURIComponent(settings.authRealm)}/protocol/openid-connect/token`,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
    },
    policy,
  );
}

/** A client for the MO the settings name, with its own token source unless given one to share. */
export function connectToMo(settings: Settings, policy: RetryPolicy = retryPolicyOf(settings), tokens = tokenSourceOf(settings, policy)): MoClient {
  return new MoClient({ graphqlUrl: graphqlUrlOf(settings.moBase), tokens, policy });
}
