/**
 * What the `errors` of a GraphQL answer mean for a retry. An error with a
 * `path` arose while executing the query (MO's server-side exception is
 * answered so: "Internal Server Error" at the field that raised); the same
 * query may well succeed again. An error without one is about the request
 * itself (syntax, validation, variables): sending it again cannot help.
 */

interface GraphQLErrorLike {
  message?: unknown;
  path?: unknown;
}

const expiredSignature = /signature has expired/i;

function errorsOf(result: unknown): GraphQLErrorLike[] {
  if (typeof result !== 'object' || result === null || !('errors' in result) || !Array.isArray(result.errors)) return [];
  return result.errors.map((error: unknown): GraphQLErrorLike => (typeof error === 'object' && error !== null ? error : {}));
}

const hasPath = (error: GraphQLErrorLike): boolean => Array.isArray(error.path) && error.path.length > 0;

export const isExpiredSignature = (message: string): boolean => expiredSignature.test(message);

/** MO says the token has expired (as a GraphQL error; it may also answer HTTP 401). */
export const saysTokenExpired = (result: unknown): boolean =>
  errorsOf(result).some((error) => typeof error.message === 'string' && isExpiredSignature(error.message));

/** For an answer whose errors all carry a path (and none is an expired token), a summary such as `"Internal Server Error" at persons`; else undefined. */
export function executionErrorSummary(result: unknown): string | undefined {
  const errors = errorsOf(result);
  const [first] = errors;
  if (first === undefined || !errors.every(hasPath) || saysTokenExpired(result)) return undefined;
  const where = (first.path as unknown[]).join('.');
  const more = errors.length > 1 ? ` and ${errors.length - 1} more` : '';
  return `"${String(first.message)}" at ${where}${more}`;
}
