import { retryPolicyOf, tokenSourceOf } from '../http/from-settings.js';
import type { RetryPolicy } from '../http/retry.js';
import type { MoClient } from '../mo/client.js';
import { connectToMo } from '../mo/connect.js';
import type { Settings } from '../settings/table.js';
import { LoraClient } from './client.js';

/**
 * A LoRa client for `lora.base` and an MO client for `mora.base` (for the
 * DAR lookups), sharing one token source: one token serves both.
 */
export function connectToLoraAndMo(settings: Settings, policy: RetryPolicy = retryPolicyOf(settings)): { lora: LoraClient; mo: MoClient } {
  const tokens = tokenSourceOf(settings, policy);
  return { lora: new LoraClient({ base: settings.loraBase, tokens, policy }), mo: connectToMo(settings, policy, tokens) };
}
