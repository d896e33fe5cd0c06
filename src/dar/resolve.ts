/**
 * MO's answers for the units' DAR addresses, asked apart from the units walk
 * and shared by both backends.
 *
 * MO looks a DAR address up in DAR while it answers. When DAR does not know
 * the address (retired) or answers with an HTTP error, MO's text is
 * `Ukendt` and every structured field raises; those fields are non-null, so
 * the whole page comes back `data: null` (mo-graphql.md). So addresses are
 * asked in batches, and a batch that fails at its DAR fields is taken apart:
 *
 * 1. The batch's texts are asked once (DarAddressNames: `name` is nullable,
 *    so a failed lookup cannot take that page down). An address MO names
 *    `Ukendt` is unresolved; when that leaves some of the batch, the rest is
 *    asked again whole.
 * 2. Otherwise (no text says `Ukendt`, or the texts fail too, as on a DAR
 *    time-out), the batch is split in halves, recursively, down to single
 *    addresses; a single address that still fails is unresolved.
 *
 * A retired address among 200 costs three requests; DAR down costs two per
 * batch, and the run stops as soon as more than half of all the addresses
 * (and at least 5) have failed: DAR itself is failing, and an export with
 * most units' addresses empty is worse than yesterday's files.
 *
 * Execution errors anywhere else than at a DAR-backed field (MO's own
 * "Internal Server Error" at `addresses`) are no verdict on an address: the
 * client sends the request again under its retry policy, as for any other
 * request, and then fails the run.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { DarAddressNamesDocument, DarAddressesDocument } from '../generated/graphql.js';
import type { MoClient } from '../mo/client.js';
import { ExecutionErrors, type ExecutionError } from '../mo/graphql-errors.js';
import { asReceived, fetchAllPages, type Page } from '../mo/paginate.js';
import type { DarAnswer, Snapshot } from '../snapshot.js';
import { copenhagenMidnightText } from '../util/days.js';
import { P2lError } from '../util/errors.js';
import { compareCodePoints } from '../util/order.js';

/**
 * MO's text for a DAR address DAR gave no answer for
 * (mora/service/address_handler/dar.py, name_from_dar_object).
 */
export const darUnknownName = 'Ukendt';

export const defaultDarBatchSize = 200;

/** Fewer failed addresses than this never fail the run, whatever the share. */
export const darFailureFloor = 5;

export interface DarPlan {
  /** YYYY-MM-DD in Copenhagen. */
  today: string;
  pageSize: number;
  /** Address uuids per request. */
  batchSize?: number;
  /** Runs one batch (all its requests, one after the other): the caller's bound on requests at once. */
  limit?: <T>(run: () => Promise<T>) => Promise<T>;
  /** Called with the number of addresses settled so far, resolved or not. */
  onProgress?: (settled: number) => void;
}

export interface DarResolution {
  /** MO's answers for the addresses it resolved, by address uuid. */
  answers: DarAnswer[];
  /** The addresses MO could not resolve, by uuid. */
  unresolved: string[];
}

/**
 * The one line that stops the run when DAR itself is failing: more than half
 * of the unit DAR addresses (and at least darFailureFloor) failed.
 */
export class DarFailing extends P2lError {
  constructor(
    readonly failed: number,
    readonly total: number,
  ) {
    super(
      `DAR lookups failed for ${failed} of ${total} unit DAR addresses: MO cannot look them up in DAR (more than half failed, so DAR itself is failing; ` +
        "`p2l check` shows MO's DAR health); the run stops and the previous files are kept",
    );
    this.name = 'DarFailing';
  }
}

/** Whether the failure is DAR's: at a field MO fills from DAR (`name`, or anything under `resolve`). */
export const isDarError = (error: ExecutionError): boolean => error.path.includes('resolve') || error.path.at(-1) === 'name';

const onlyDarErrors = (errors: readonly ExecutionError[]): boolean => errors.every(isDarError);

const failed = Symbol('failed');

/** The address uuids of the units' DAR addresses (every version's), each once, in uuid order. */
export function unitDarAddressUuids(units: Snapshot['units']): string[] {
  const uuids = new Set<string>();
  for (const unit of units) {
    for (const version of unit.validities) for (const address of version.addresses_response.objects) uuids.add(address.uuid);
  }
  return [...uuids].sort(compareCodePoints);
}

/**
 * MO's answers for the given unit DAR addresses (address uuids), in uuid
 * order, and the addresses it could not resolve. Throws DarFailing when DAR
 * itself is failing.
 */
export async function resolveDarAddresses(mo: Pick<MoClient, 'request'>, uuids: readonly string[], plan: DarPlan): Promise<DarResolution> {
  const all = [...new Set(uuids)].sort(compareCodePoints);
  const run = new DarRun(mo, all.length, plan);
  const limit = plan.limit ?? (<T>(task: () => Promise<T>) => task());
  const size = Math.max(1, plan.batchSize ?? defaultDarBatchSize);
  const batches: string[][] = [];
  for (let i = 0; i < all.length; i += size) batches.push(all.slice(i, i + size));
  await Promise.all(batches.map((batch) => limit(() => run.batch(batch))));
  return run.result();
}

class DarRun {
  private readonly answers = new Map<string, DarAnswer>();
  private readonly unresolved = new Set<string>();
  private readonly today: string;
  /** Set once DAR is found failing: every batch still to come stops with it. */
  private stopped: DarFailing | undefined;

  constructor(
    private readonly mo: Pick<MoClient, 'request'>,
    private readonly total: number,
    private readonly plan: DarPlan,
  ) {
    this.today = copenhagenMidnightText(plan.today);
  }

  result(): DarResolution {
    return {
      answers: [...this.answers.values()].sort((a, b) => compareCodePoints(a.uuid, b.uuid)),
      unresolved: [...this.unresolved].sort(compareCodePoints),
    };
  }

  /** One batch: asked whole; when it fails at DAR's fields, its texts tell the unknown ones, else it is halved. */
  async batch(uuids: readonly string[]): Promise<void> {
    const answered = await this.structured(uuids);
    if (answered !== failed) return this.take(uuids, answered);
    if (uuids.length === 1) return this.fail(uuids);
    const named = await this.named(uuids);
    const unknown = named === failed ? [] : uuids.filter((uuid) => !named.has(uuid));
    if (unknown.length === 0) return this.halved(uuids);
    this.fail(unknown);
    const unknownSet = new Set(unknown);
    const rest = uuids.filter((uuid) => !unknownSet.has(uuid));
    if (rest.length > 0) await this.bisected(rest);
  }

  /** Asked whole; on failure, halved. */
  private async bisected(uuids: readonly string[]): Promise<void> {
    const answered = await this.structured(uuids);
    if (answered !== failed) return this.take(uuids, answered);
    if (uuids.length === 1) return this.fail(uuids);
    await this.halved(uuids);
  }

  private async halved(uuids: readonly string[]): Promise<void> {
    const middle = Math.ceil(uuids.length / 2);
    await this.bisected(uuids.slice(0, middle));
    await this.bisected(uuids.slice(middle));
  }

  /** Answers kept; an address MO names `Ukendt`, or did not answer at all, is unresolved. */
  private take(uuids: readonly string[], objects: readonly DarAnswer[]): void {
    const asked = new Set(uuids);
    for (const object of objects) {
      if (!asked.has(object.uuid) || this.answers.has(object.uuid) || this.unresolved.has(object.uuid)) continue;
      if (object.validities.some((version) => version.name === darUnknownName)) this.fail([object.uuid]);
      else this.answers.set(object.uuid, object);
    }
    this.fail(uuids.filter((uuid) => !this.answers.has(uuid) && !this.unresolved.has(uuid)));
  }

  private fail(uuids: readonly string[]): void {
    for (const uuid of uuids) this.unresolved.add(uuid);
    this.plan.onProgress?.(this.answers.size + this.unresolved.size);
    const count = this.unresolved.size;
    if (count > this.total / 2 && count >= darFailureFloor) {
      this.stopped ??= new DarFailing(count, this.total);
      throw this.stopped;
    }
  }

  /** The addresses' DarAddresses answers, or `failed` when MO's answer failed at their DAR fields. */
  private async structured(uuids: readonly string[]): Promise<DarAnswer[] | typeof failed> {
    const objects = await this.walk(DarAddressesDocument, uuids, (result) => result.addresses);
    this.plan.onProgress?.(this.answers.size + this.unresolved.size);
    return objects;
  }

  /** The addresses MO gives a text other than `Ukendt` on every version, or `failed` when the texts fail too. */
  private async named(uuids: readonly string[]): Promise<Set<string> | typeof failed> {
    const objects = await this.walk(DarAddressNamesDocument, uuids, (result) => result.addresses);
    if (objects === failed) return failed;
    const known = objects.filter((object) => object.validities.every((version) => version.name !== null && version.name !== darUnknownName));
    return new Set(known.map((object) => object.uuid));
  }

  /** Every page of the document for these addresses, or `failed` when MO's answer failed at DAR fields. */
  private async walk<TResult, TObject>(
    document: TypedDocumentNode<TResult, { uuids: string[]; today: string; limit: number; cursor?: string | null }>,
    uuids: readonly string[],
    pageOf: (result: TResult) => Page<TObject>,
  ): Promise<TObject[] | typeof failed> {
    const client = { request: <R, V extends object>(doc: TypedDocumentNode<R, V>, variables: V) => this.ask(doc, variables) };
    try {
      return await fetchAllPages(
        client,
        { document, variables: { uuids: [...uuids], today: this.today }, pageOf },
        { pageSize: this.plan.pageSize, take: asReceived },
      );
    } catch (error) {
      if (error instanceof ExecutionErrors) return failed;
      throw error;
    }
  }

  /** One request; failures at DAR fields come back at once, anything else is retried as the client retries it. */
  private async ask<R, V extends object>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    if (this.stopped) throw this.stopped;
    return this.mo.request(document, variables, { throwExecutionErrors: onlyDarErrors });
  }
}
