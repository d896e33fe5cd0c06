import { fetchWhole, isSuccess } from '../http/answer.js';
import { parseJsonBody } from '../http/json-body.js';
import { retrying, type RetryPolicy } from '../http/retry.js';
import type { TrafficCounters } from '../http/traffic.js';
import type { PageProgress } from '../mo/paginate.js';
import { P2lError } from '../util/errors.js';
import { serverText } from '../util/server-text.js';
import { drainListAnswer, ShapeError, type LoraObject } from './wire.js';

/** What the client needs of a token source (src/http/token.ts's TokenSource is one). */
export interface TokenProvider {
  token(): Promise<string>;
  /** Forget the token so that the next call fetches a new one. */
  invalidate(value: string): void;
}

export interface LoraClientOptions {
  /** LoRa's OIO REST base, e.g. `<mora.base>/lora` (setting `lora.base`). */
  base: string;
  tokens: TokenProvider;
  policy: RetryPolicy;
}

/** The validity window of a walk: LoRa's `virkningfra`/`virkningtil`. */
export interface LoraWindow {
  from: string;
  to: string;
}

/** Current and future values: from today (YYYY-MM-DD) on. */
export const windowFromToday = (today: string): LoraWindow => ({ from: today, to: 'infinity' });
export const wholeHistory: LoraWindow = { from: '-infinity', to: 'infinity' };

export interface ListRequest {
  /** e.g. `/organisation/organisationfunktion` */
  path: string;
  /** Further query parameters, e.g. `{funktionsnavn: 'Engagement'}`. */
  filters?: Readonly<Record<string, string>>;
  window: LoraWindow;
  pageSize: number;
  onPage?: (progress: PageProgress) => void;
}

interface Answer {
  status: number;
  /** The parsed body of a successful answer; undefined for any other. */
  json: unknown;
}

function listParams(request: ListRequest, offset: number): URLSearchParams {
  return new URLSearchParams({
    bvn: '%',
    list: '1',
    ...request.filters,
    virkningfra: request.window.from,
    virkningtil: request.window.to,
    foersteresultat: String(offset),
    maximalantalresultater: String(request.pageSize),
  });
}

const notLoraHint = "is lora.base LoRa's OIO REST API?";

/**
 * LoRa's OIO REST API: GET with MO's bearer token (renewed once on HTTP
 * 401), with the same retries as MO's client (src/http/retry.ts: network errors,
 * time-outs, 429, 5xx, and a successful answer whose body is cut short or
 * is no JSON are retried).
 */
export class LoraClient {
  readonly traffic: TrafficCounters = { requests: 0, bytesReceived: 0 };
  private readonly base: string;

  constructor(private readonly options: LoraClientOptions) {
    this.base = options.base.replace(/\/+$/, '');
  }

  /** How errors name this server. */
  get server(): string {
    return `LoRa at ${this.base}`;
  }

  /**
   * Each object of a `?list=1` walk, handed to `take` as its page arrives:
   * `bvn=%` (all), the window, and pages of `pageSize` by
   * `foersteresultat`/`maximalantalresultater`, until a page holds fewer
   * objects than asked for. The next page is asked for once `take` has had
   * the page's objects, and nothing here holds on to an object it has
   * handed over, so a `take` that keeps only what it needs holds little
   * more than one object of LoRa's at a time.
   */
  async eachObject(request: ListRequest, take: (object: LoraObject) => void): Promise<void> {
    for (let offset = 0, pages = 1, objects = 0, size = request.pageSize; size >= request.pageSize; offset += request.pageSize, pages++) {
      // Straight from the answer into takeAll: an answer in a local of this function would stay alive (as a
      // suspended async function keeps its locals) until the next page arrives.
      size = this.takeAll(request.path, await this.getJson(request.path, listParams(request, offset)), take);
      objects += size;
      request.onPage?.({ pages, objects });
    }
  }

  /** Every object of a `?list=1` walk (see eachObject), in the order LoRa listed them. */
  async list(request: ListRequest): Promise<LoraObject[]> {
    const objects: LoraObject[] = [];
    await this.eachObject(request, (object) => objects.push(object));
    return objects;
  }

  /** One GET answered with JSON. */
  async getJson(path: string, params: URLSearchParams): Promise<unknown> {
    const url = `${this.base}${path}?${params.toString()}`;
    for (let renewed = false; ; renewed = true) {
      const token = await this.options.tokens.token();
      const answer = await this.send(url, path, token);
      if (answer.status === 401) {
        this.options.tokens.invalidate(token);
        if (!renewed) continue;
        throw new P2lError(
          `${this.server} rejected a freshly renewed token for ${path} (HTTP 401): check the client's roles in Keycloak and crontab.AUTH_SERVER`,
        );
      }
      if (answer.status < 200 || answer.status >= 300) {
        throw new P2lError(`${this.server} answered ${path} with HTTP ${answer.status}: check lora.base and the client's access to LoRa`);
      }
      return answer.json;
    }
  }

  /** One request, retried on transient failures, with the whole body read and parsed within the try. */
  private send(url: string, path: string, token: string): Promise<Answer> {
    return retrying(this.server, this.options.policy, async (signal) => {
      this.traffic.requests++;
      const answer = await fetchWhole(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, signal, this.options.policy.fetch);
      this.traffic.bytesReceived += answer.bytes;
      const json = isSuccess(answer.status) ? parseJsonBody(answer.text, { answered: `answered ${path}`, notJsonHint: notLoraHint }) : undefined;
      return { status: answer.status, json };
    });
  }

  /** The page's objects handed to `take` one at a time (see drainListAnswer); how many there were. */
  private takeAll(path: string, answer: unknown, take: (object: LoraObject) => void): number {
    try {
      return drainListAnswer(answer, take);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw new P2lError(`${this.server} answered ${path} in an unexpected shape (${serverText(error.message)}): ${notLoraHint}`);
    }
  }
}
