/** The HTTP layer as the settings configure it, shared by both backends: one retry policy and one token source per run. */
import { settingsTable, type Settings } from '../settings/table.js';
import { runDeadline } from './deadline.js';
import type { RetryPolicy } from './retry.js';
import { fetchTrusting } from './tls.js';
import { TokenSource } from './token.js';

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
