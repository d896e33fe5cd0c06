import { retryPolicyOf, tokenSourceOf } from '../http/from-settings.js';
import type { RetryPolicy } from '../http/retry.js';
import type { Settings } from '../settings/table.js';
import { MoClient } from './client.js';
import { graphqlUrlOf } from './versions.js';

/** A client for the MO the settings name, with its own token source unless given one to share. */
export function connectToMo(settings: Settings, policy: RetryPolicy = retryPolicyOf(settings), tokens = tokenSourceOf(settings, policy)): MoClient {
  return new MoClient({ graphqlUrl: graphqlUrlOf(settings.moBase), tokens, policy });
}
