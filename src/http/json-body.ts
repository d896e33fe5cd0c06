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

/** Why a body is not the JSON it should be, e.g. "with an empty body"; `context` turns it into the try's failure. */
export class UnreadableBody extends Error {
  constructor(
    /** How the summary ends, after who answered what. */
    readonly problem: string,
    /** The body is no JSON at all (rather than JSON cut short): the server may not be the one meant. */
    readonly notJson: boolean,
  ) {
    super(problem);
    this.name = 'UnreadableBody';
  }

  failure(context: JsonBodyContext): TransientFailure {
    return new TransientFailure(`${context.answered} ${this.problem}`, this.notJson ? { hint: context.notJsonHint } : {});
  }
}

const startsLikeJson = /^\s*[[{"]/;

/** The first characters of a text, on one line. */
const opening = (text: string): string => serverText(text.slice(0, 60));

/** What is wrong with a body that JSON.parse refused with `error`. */
export function unreadableBody(text: string, error: unknown): UnreadableBody {
  if (text.trim() === '') return new UnreadableBody('with an empty body', false);
  if (startsLikeJson.test(text)) return new UnreadableBody(`with damaged JSON (${serverText(error instanceof Error ? error.message : String(error))})`, false);
  return new UnreadableBody(`with something other than JSON (it starts "${opening(text)}")`, true);
}

/** The body parsed; one that is not JSON throws an UnreadableBody. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw unreadableBody(text, error);
  }
}

/** The body parsed; one that is not JSON fails the try (TransientFailure). */
export function parseJsonBody(text: string, context: JsonBodyContext): unknown {
  try {
    return parseJson(text);
  } catch (error) {
    throw error instanceof UnreadableBody ? error.failure(context) : error;
  }
}
