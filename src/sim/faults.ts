/** Faults queued by a test, applied in order to the next GraphQL and LoRa requests. */

/** Answer HTTP `status` (with Retry-After when given), or wait `delayMs` and then answer normally; `count` requests (default 1). */
export type Fault = { status: number; count?: number; retryAfterSeconds?: number } | { delayMs: number; count?: number };

export class FaultQueue {
  private readonly queue: { fault: Fault; remaining: number }[] = [];

  add(faults: readonly Fault[]): void {
    for (const fault of faults) this.queue.push({ fault, remaining: fault.count ?? 1 });
  }

  /** The fault for the request now arriving, if any. */
  take(): Fault | undefined {
    while (this.queue[0] !== undefined && this.queue[0].remaining <= 0) this.queue.shift();
    const head = this.queue[0];
    if (head === undefined) return undefined;
    head.remaining -= 1;
    return head.fault;
  }
}
