/**
 * A failure to report to the operator as one line: what went wrong and how
 * to fix it. The exit code is what a cron job sees (1 failed, 2 bad settings
 * or usage). Messages never hold secrets or CPR numbers.
 */
export class P2lError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'P2lError';
  }
}

/** Bad settings or usage: exit code 2. */
export class SettingsError extends P2lError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'SettingsError';
  }
}

/** The message of anything thrown, without a stack trace. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
