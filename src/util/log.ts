/**
 * Everything p2l prints goes through here, as text for people and cron
 * mail, or (`--log-format json`) as one JSON object per line for container
 * log collectors. Results go to stdout, warnings and errors to stderr.
 */
export type LogFormat = 'text' | 'json';
export type Level = 'info' | 'warning' | 'error';

let format: LogFormat = 'text';

export function setLogFormat(next: LogFormat): void {
  format = next;
}

export function logFormat(): LogFormat {
  return format;
}

/** One line: in text as given (errors and warnings prefixed `p2l: `), in JSON with its level, time and fields. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}, stream = level === 'info' ? process.stdout : process.stderr): void {
  if (format === 'json') {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    return;
  }
  const prefix = level === 'info' || stream === process.stdout ? '' : 'p2l: ';
  stream.write(`${prefix}${level === 'warning' && !message.startsWith('warning') ? `warning: ${message}` : message}\n`);
}

export const info = (message: string, fields?: Record<string, unknown>) => log('info', message, fields);
export const warn = (message: string, fields?: Record<string, unknown>) => log('warning', message, fields);

/** A progress or status line for the operator: stderr, so stdout keeps only results and the summary. */
export const note = (message: string, fields?: Record<string, unknown>) => log('info', message, fields, process.stderr);
