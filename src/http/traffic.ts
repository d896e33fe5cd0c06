import type { Fetch } from './tls.js';

/** What one client has sent and received, for progress and benchmarks. */
export interface TrafficCounters {
  requests: number;
  /** Body bytes on the wire (after any content decoding). */
  bytesReceived: number;
}

/** A stream that passes its chunks on and adds their sizes to `traffic`. */
const countingBytes = (traffic: TrafficCounters): TransformStream<Uint8Array, Uint8Array> =>
  new TransformStream({
    transform(chunk, controller) {
      traffic.bytesReceived += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });

/** `send`, counting into `traffic` each request and the bytes of each body as whoever reads it reads it. */
export function countingFetch(send: Fetch, traffic: TrafficCounters): Fetch {
  return async (url, init) => {
    traffic.requests++;
    const response = await send(url, init);
    if (response.body === null) return response;
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(countingBytes(traffic)), { status, statusText, headers });
  };
}
