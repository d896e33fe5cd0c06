/**
 * A body that should be JSON, parsed once. One that is cut short or is no
 * JSON at all is a TransientFailure: a connection that broke, a proxy's
 * error page, a server restarting. If it stays so, the last try's summary
 * says which.
 */
import { serverText } from '../util/server-text.js';
import { TransientFailure } from './transient.js';

export interface JsonBodyContext {
  /** How the summary starts, e.g. "answered /organisation/bruger". */
  answered: string;
  /** The advice when the body is no JSON at all, e.g. "is lora.base LoRa's OIO REST API?". */
  notJsonHint: string;
}

const startsLikeJson = /^\s*[[{"]/;

/** The first characters of a text, on one line. */
const opening = (text: string): string => serverText(text.slice(0, 60));

export function parseJsonBody(text: string, context: JsonBodyContext): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (text.trim() === '') throw new TransientFailure(`${context.answered} with an empty body`);
    if (startsLikeJson.test(text)) {
      throw new TransientFailure(`${context.answered} with damaged JSON (${serverText(error instanceof Error ? error.message : String(error))})`);
    }
    throw new TransientFailure(`${context.answered} with something other than JSON (it starts "${opening(text)}")`, { hint: context.notJsonHint });
  }
}
