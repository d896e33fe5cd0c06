/**
 * SIGTERM (Kubernetes, systemd, `kill`) and SIGINT (Ctrl-C) end a run
 * cleanly: the run's requests are aborted, what the run has registered to
 * undo is undone (newest first: an FTPES or SFTP connection's transfer cut,
 * the unfinished file set, then the output lock), and the run ends with its summary line, status=failed, exit 143
 * (SIGTERM) or 130 (SIGINT), as a shell reports a process killed by them.
 */

export type InterruptSignal = 'SIGTERM' | 'SIGINT';

export const interruptExitCodes: Readonly<Record<InterruptSignal, number>> = { SIGTERM: 143, SIGINT: 130 };

/** The reason the run's requests are aborted with. */
export class RunInterrupted extends Error {
  override name = 'RunInterrupted';
}

type Undo = () => Promise<unknown>;

const undos: Undo[] = [];
const aborts = new Set<AbortController>();
let received: InterruptSignal | undefined;

/** The signal that is ending the run, if one is. */
export function interruptedBy(): InterruptSignal | undefined {
  return received;
}

/** Registers something to undo when the run is interrupted; call the returned function once it no longer needs undoing. */
export function onInterrupt(undo: Undo): () => void {
  undos.push(undo);
  return () => {
    const index = undos.lastIndexOf(undo);
    if (index >= 0) undos.splice(index, 1);
  };
}

/** Aborts `controller` when the run is interrupted; call the returned function when the controller's work is done. */
export function abortOnInterrupt(controller: AbortController): () => void {
  if (received) controller.abort(new RunInterrupted(`stopped by ${received}`));
  aborts.add(controller);
  return () => aborts.delete(controller);
}

/**
 * `run()`'s result, or its failure; but a failure once the run is
 * interrupted never settles: it is the transfer or connection the interrupt
 * cut (see onInterrupt), and the run is ending in its signal handler, so
 * nothing may retry it, clean up after it on a fresh connection or report
 * it. What it left on a server, the next delivery removes.
 */
export async function unlessInterrupted<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (received) return new Promise<never>(() => undefined);
    throw error;
  }
}

/** The longest the undoing may take before the process exits anyway. */
const undoLimitMs = 10_000;

/**
 * What a signal does from now on: abort, undo, then `finish(exitCode, message)`
 * (which prints the summary line) and exit. A second signal while undoing is ignored.
 */
export function installInterruptHandlers(finish: (exitCode: number, message: string) => void | Promise<void>): void {
  const handle = (signal: InterruptSignal): void => {
    if (received) return;
    received = signal;
    const message = `stopped by ${signal}: the requests were aborted, the unfinished files removed and the lock released; the previous files are unchanged`;
    for (const controller of aborts) controller.abort(new RunInterrupted(`stopped by ${signal}`));
    void undoAll()
      .then(() => finish(interruptExitCodes[signal], message))
      .finally(() => process.exit(interruptExitCodes[signal]));
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

async function undoAll(): Promise<void> {
  const limit = new Promise<void>((resolve) => setTimeout(resolve, undoLimitMs).unref());
  const run = (async () => {
    while (undos.length > 0) {
      const undo = undos.pop();
      try {
        await undo?.();
      } catch {
        // Best effort: the next run removes leftover sets, and takes over a lock of a process that no longer runs.
      }
    }
  })();
  await Promise.race([run, limit]);
}
