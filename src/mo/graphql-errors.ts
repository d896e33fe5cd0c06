/**
 * What the `errors` of a GraphQL answer mean. An error with a `path` arose
 * while executing the query (MO's server-side exception is answered so:
 * "Internal Server Error" at the field that raised); the same query may
 * well succeed again. An error without one is about the request itself
 * (syntax, validation, variables): sending it again cannot help. Two kinds
 * are told apart by their message, as MO words them: a dead token
 * (renew it and send again) and a missing role (permanent).
 */
import { P2lError } from '../util/errors.js';
import { serverText } from '../util/server-text.js';

interface GraphQLErrorLike {
  message?: unknown;
  path?: unknown;
}

/** A GraphQL error raised while executing a field: its message and where. */
export interface ExecutionError {
  message: string;
  path: readonly (string | number)[];
}

/**
 * MO's words for a token it will not take: current MO answers any missing,
 * unknown or expired token with "User is not authenticated" (no path);
 * older MO said "Signature has expired" (or answered HTTP 401).
 */
const deadTokenMessages = [/^user is not authenticated\b/i, /signature has expired/i];

/** MO's answer at a field the client holds no role to read (mora/graphapi/schema.py, _enforce_pbac). */
const noPolicyMessage = /^no policy approved the access\b/i;

function errorsOf(result: unknown): GraphQLErrorLike[] {
  if (typeof result !== 'object' || result === null || !('errors' in result) || !Array.isArray(result.errors)) return [];
  return result.errors.map((error: unknown): GraphQLErrorLike => (typeof error === 'object' && error !== null ? error : {}));
}

const messageOf = (error: GraphQLErrorLike): string => (typeof error.message === 'string' ? error.message : String(error.message));

const isPathSegment = (segment: unknown): segment is string | number => typeof segment === 'string' || typeof segment === 'number';

const pathOf = (error: GraphQLErrorLike): readonly (string | number)[] | undefined =>
  Array.isArray(error.path) && error.path.length > 0 && error.path.every(isPathSegment) ? (error.path as (string | number)[]) : undefined;

const executionError = (error: GraphQLErrorLike): ExecutionError | undefined => {
  const path = pathOf(error);
  return path === undefined ? undefined : { message: messageOf(error), path };
};

/** The messages of an answer's errors, in order. */
export const messagesOf = (result: unknown): string[] => errorsOf(result).map(messageOf);

export const isDeadTokenMessage = (message: string): boolean => deadTokenMessages.some((pattern) => pattern.test(message));

/** MO says the token is missing, unknown or expired (as a GraphQL error; older MO may answer HTTP 401 instead). */
export const saysTokenDead = (result: unknown): boolean => errorsOf(result).some((error) => isDeadTokenMessage(messageOf(error)));

/** The errors of an answer whose errors all carry a path (and none is about the token); else undefined. */
export function executionErrorsOf(result: unknown): ExecutionError[] | undefined {
  const errors = errorsOf(result);
  if (errors.length === 0 || saysTokenDead(result)) return undefined;
  const withPaths = errors.map(executionError);
  return withPaths.every((error) => error !== undefined) ? withPaths : undefined;
}

/** The first error saying the client may not read a field (it lacks a Keycloak role), if any: always with a path. */
export const roleRefusalOf = (result: unknown): ExecutionError | undefined =>
  errorsOf(result)
    .map(executionError)
    .find((error) => error !== undefined && noPolicyMessage.test(error.message));

/** E.g. `"Internal Server Error" at persons.objects.0 and 2 more`. */
export function summaryOf(errors: readonly ExecutionError[]): string {
  const [first] = errors;
  if (first === undefined) return 'no errors';
  const more = errors.length > 1 ? ` and ${errors.length - 1} more` : '';
  return `"${serverText(first.message)}" at ${serverText(first.path.join('.'))}${more}`;
}

/**
 * An answer whose errors all carry a path, thrown as it came (no retry, the
 * token kept) when the caller asked for such errors: `MoClient.request(…, {
 * throwExecutionErrors })`. The message is one line: who answered what,
 * and the first error with its path.
 */
export class ExecutionErrors extends P2lError {
  constructor(
    readonly errors: readonly ExecutionError[],
    /** Who answered what, e.g. `MO at https://mo.example.dk/graphql/v29 answered Units`. */
    answered = 'MO answered',
  ) {
    super(`${answered} with ${summaryOf(errors)}`);
    this.name = 'ExecutionErrors';
  }
}
