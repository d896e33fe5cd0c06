/**
 * What each drawn fault does to an answer. HTTP statuses replace the answer
 * before anything is checked; `internal` replaces the execution (as MO's
 * server-side exception does); `reset` and `truncate` damage the delivery of
 * the real answer.
 */
import type { DocumentNode, FieldNode, OperationDefinitionNode } from 'graphql';
import type { FaultKind } from './fault-spec.js';
import { json, type Damage, type Reply } from './http.js';

const statuses: Partial<Record<FaultKind, number>> = { '500': 500, '502': 502, '503': 503, '429': 429 };
const damages: Partial<Record<FaultKind, Damage>> = { reset: 'reset', truncate: 'truncate' };

/** The answer that replaces the real one for an HTTP-status fault; undefined for the other kinds. */
export function replyInstead(kind: FaultKind | undefined, retryAfterSeconds: number): Reply | undefined {
  const status = kind && statuses[kind];
  if (status === undefined) return undefined;
  const headers = status === 429 ? { 'retry-after': String(retryAfterSeconds) } : undefined;
  return json(status, { detail: `simulated fault: HTTP ${status}` }, headers);
}

/** The reply, to be delivered damaged when the fault is `reset` or `truncate`. */
export function withDamage(reply: Reply, kind: FaultKind | undefined): Reply {
  const damage = kind && damages[kind];
  return damage ? { ...reply, damage } : reply;
}

function firstField(document: DocumentNode, operationName: string | undefined): FieldNode | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === 'OperationDefinition' && (operationName === undefined || definition.name?.value === operationName),
  );
  const selection = operation?.selectionSet.selections[0];
  return selection?.kind === 'Field' ? selection : undefined;
}

/** MO's answer when a resolver raised: HTTP 200, no data, an error located at the operation's first field. */
export function graphqlInternalError(document: DocumentNode, operationName: string | undefined): Reply {
  const field = firstField(document, operationName);
  const start = field?.loc?.startToken;
  return json(200, {
    data: null,
    errors: [
      {
        message: 'Internal Server Error',
        ...(start ? { locations: [{ line: start.line, column: start.column }] } : {}),
        path: [field ? (field.alias ?? field.name).value : 'query'],
      },
    ],
  });
}

/** LoRa has no GraphQL errors: a server-side exception there is a plain HTTP 500. */
export const loraInternalError: Reply = { status: 500, body: 'Internal Server Error' };
