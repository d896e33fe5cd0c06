import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Variables } from 'graphql-request';
import { P2lError } from '../util/errors.js';
import type { MoClient } from './client.js';

export interface Page<TObject> {
  objects: TObject[];
  page_info: { next_cursor: string | null };
}

export interface PageProgress {
  pages: number;
  objects: number;
}

/** One walk: the document, its variables besides the page, and where the page is in its answer. */
export interface WalkRequest<TResult, TVariables extends PageVariables, TObject> {
  document: TypedDocumentNode<TResult, TVariables>;
  variables: Omit<TVariables, 'limit' | 'cursor'>;
  pageOf: (result: TResult) => Page<TObject>;
}

export interface PageVariables extends Variables {
  limit: number;
  cursor?: string | null;
}

/** How a walk pages, and what it does with each page's objects. */
export interface Paging<TObject, TOut> {
  pageSize: number;
  onPage?: (progress: PageProgress) => void;
  /** The page's objects as the walk keeps them (e.g. shared, see shared-references.ts). */
  take: (objects: TObject[]) => TOut[];
}

/**
 * Walks a paginated MO collection: `limit: pageSize, cursor: null`, then each
 * `next_cursor` until it is null. Only a null cursor ends the walk, never a
 * short or empty page, so it is right for both ways MO has paged
 * (src/sim/cursor.ts): keyset since June 2026 (full pages until the last,
 * whose cursor is null), and offset before (pages filtered after the limit,
 * short or empty while more remain, and an empty one last). A cursor seen
 * twice in one walk would loop forever, so it fails the walk. The next page
 * is asked for before this one's objects go to `take` (which may work on
 * them, as the snapshot's sharing does), so that work overlaps MO's.
 */
export async function fetchAllPages<TResult, TVariables extends PageVariables, TObject, TOut = TObject>(
  client: Pick<MoClient, 'request'>,
  walk: WalkRequest<TResult, TVariables, TObject>,
  paging: Paging<TObject, TOut>,
): Promise<TOut[]> {
  const request = (cursor: string | null): Promise<TResult> => {
    const answer = client.request(walk.document, { ...walk.variables, limit: paging.pageSize, cursor } as TVariables);
    // Awaited on the next round; should `take` throw first, the walk has failed already and this answer is moot.
    answer.catch(() => undefined);
    return answer;
  };
  const objects: TOut[] = [];
  const seenCursors = new Set<string>();
  let pages = 0;
  for (let next: Promise<TResult> | null = request(null); next !== null;) {
    const page: Page<TObject> = walk.pageOf(await next);
    pages++;
    const cursor = page.page_info.next_cursor;
    if (cursor !== null) {
      if (seenCursors.has(cursor)) throw new P2lError("MO returned the same page cursor twice; the walk would never end: report this to MO's operators");
      seenCursors.add(cursor);
    }
    next = cursor === null ? null : request(cursor);
    for (const object of paging.take(page.objects)) objects.push(object);
    paging.onPage?.({ pages, objects: objects.length });
  }
  return objects;
}

/** The objects as they came. */
export const asReceived = <T>(objects: T[]): T[] => objects;
