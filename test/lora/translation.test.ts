/**
 * The translation object by object, as the walks hand objects over: an
 * object listed twice, any interleaving of kinds, shared small values, and
 * the answer that lets go of its objects.
 */
import { describe, expect, it } from 'vitest';
import { classCatalogue } from '../../src/lora/translate/classes.js';
import { objectKinds, startTranslation, translateSnapshot, type LoraData, type TranslatePlan } from '../../src/lora/translate/snapshot.js';
import { drainListAnswer, parseListAnswer, type LoraObject } from '../../src/lora/wire.js';
import { always, el, facet, id, klasse, object, rawObject, states, unit, type Period } from './builders.js';

const today = '2026-06-15';
const org = id('0a', 1);
const root = id('a0', 1);
const unitA = id('a0', 2);
const [personA, personB, personC] = [id('b0', 1), id('b0', 2), id('b0', 3)];
const facets = { jobFunction: id('f0', 1), engagementType: id('f0', 2), addressType: id('f0', 3), responsibility: id('f0', 4) };
const classes = { teacher: id('c0', 1), monthly: id('c0', 2), hourly: id('c0', 3), email: id('c0', 4), phone: id('c0', 5), staff: id('c0', 6) };

const classification = {
  facets: [
    facet(facets.jobFunction, 'engagement_job_function'),
    facet(facets.engagementType, 'engagement_type'),
    facet(facets.addressType, 'employee_address_type'),
    facet(facets.responsibility, 'responsibility'),
  ],
  classes: [
    klasse(classes.teacher, facets.jobFunction, 'Lærer'),
    klasse(classes.monthly, facets.engagementType, 'Månedsløn'),
    klasse(classes.hourly, facets.engagementType, 'Timeløn'),
    klasse(classes.email, facets.addressType, 'Email', 'EMAIL'),
    klasse(classes.phone, facets.addressType, 'Telefon', 'PHONE'),
    klasse(classes.staff, facets.responsibility, 'Personale'),
  ],
};

const plan: TranslatePlan = { today, rootUnit: root, engagementTypes: [classes.monthly], withHistory: true };
const noData: LoraData = { facets: [], classes: [], units: [], persons: [], engagements: [], addresses: [], managers: [] };
const snapshotOf = (data: Partial<LoraData>) => translateSnapshot({ ...noData, ...classification, ...data }, plan);

const active = (from = '2010-01-01 00:00:00+01', to = 'infinity') => states([from, to, 'Aktiv']);

function person(uuid: string, givenName: string, cpr = '0101501234'): LoraObject {
  return object(uuid, {
    attributter: { brugerudvidelser: [el(always, { fornavn: givenName, efternavn: 'And' })] },
    tilstande: { brugergyldighed: active() },
    relationer: { tilknyttedepersoner: [el(always, { urn: `urn:dk:cpr:person:${cpr}` })] },
  });
}

/** An organisation function of `funktionsnavn` with the given relations, active over `period`. */
function orgFunction(
  uuid: string,
  funktionsnavn: string,
  relationer: Record<string, ReturnType<typeof el>[]>,
  period: Period = ['2010-01-01 00:00:00+01', 'infinity'],
): LoraObject {
  return object(uuid, {
    attributter: { organisationfunktionegenskaber: [el(always, { brugervendtnoegle: uuid.slice(-4), funktionsnavn })] },
    tilstande: { organisationfunktiongyldighed: active(...period) },
    relationer,
  });
}

const engagement = (uuid: string, type: string, owner = personA) =>
  orgFunction(uuid, 'Engagement', {
    organisatoriskfunktionstype: [el(always, { uuid: type })],
    opgaver: [el(always, { uuid: classes.teacher })],
    tilknyttedeenheder: [el(always, { uuid: unitA })],
    tilknyttedebrugere: [el(always, { uuid: owner })],
  });

const emailAddress = (uuid: string, owner: string, email: string, type = classes.email) =>
  orgFunction(uuid, 'Adresse', {
    organisatoriskfunktionstype: [el(always, { uuid: type })],
    adresser: [el(always, { urn: `urn:mailto:${email}`, objekttype: 'EMAIL' })],
    tilknyttedebrugere: [el(always, { uuid: owner })],
  });

const manager = (uuid: string, owner: string, period?: Period) =>
  orgFunction(
    uuid,
    'Leder',
    {
      tilknyttedeenheder: [el(always, { uuid: unitA })],
      tilknyttedebrugere: [el(always, { uuid: owner })],
      opgaver: [el(always, { uuid: classes.staff, objekttype: 'lederansvar' })],
    },
    period,
  );

const units = [unit(root, [[always, 'Kommune']], [[always, org]]), unit(unitA, [[always, 'Skolen']], [[always, root]])];

describe('the translation, object by object', () => {
  it('counts an object listed twice once, as listed last, in uuid order', () => {
    const snapshot = snapshotOf({
      units: [...units, unit(unitA, [[always, 'Den nye skole']], [[always, root]])],
      persons: [person(personB, 'Bent'), person(personA, 'Anders'), person(personC, 'Carl'), person(personA, 'Andersine')],
      engagements: [
        // Allowed when first listed, not when listed again: left out.
        engagement(id('e0', 1), classes.monthly),
        // The other way round: in.
        engagement(id('e0', 2), classes.hourly),
        engagement(id('e0', 1), classes.hourly),
        engagement(id('e0', 2), classes.monthly),
      ],
      addresses: [
        emailAddress(id('ad', 1), personA, 'a@example.com'),
        emailAddress(id('ad', 2), personC, 'c@example.com'),
        emailAddress(id('ad', 1), personB, 'b@example.com'),
      ],
      managers: [
        manager(id('d0', 1), personA),
        manager(id('d0', 2), personB),
        manager(id('d0', 1), personA, ['2010-01-01 00:00:00+01', '2020-01-01 00:00:00+01']),
      ],
    });
    expect(snapshot.units.map((u) => [u.uuid, u.validities.map((v) => v.name)])).toEqual([
      [root, ['Kommune']],
      [unitA, ['Den nye skole']],
    ]);
    expect(snapshot.persons.map((p) => [p.uuid, p.validities.map((v) => v.name)])).toEqual([
      [personA, ['Andersine And']],
      [personB, ['Bent And']],
      [personC, ['Carl And']],
    ]);
    expect(snapshot.engagements.map((e) => e.uuid)).toEqual([id('e0', 2)]);
    // The address moved from A to B when listed again: A has none left.
    const addressesOf = (uuid: string) =>
      snapshot.persons.find((p) => p.uuid === uuid)?.validities[0]?.addresses_response.objects.map((a) => a.validities[0]?.value);
    expect([personA, personB, personC].map(addressesOf)).toEqual([[], ['b@example.com'], ['c@example.com']]);
    // Ended before today when listed again: left out.
    expect(snapshot.managers.map((m) => m.uuid)).toEqual([id('d0', 2)]);
  });

  it('gives each owner its addresses in address uuid order, whatever the order listed', () => {
    const addresses = [
      emailAddress(id('ad', 3), personA, 'c@example.com'),
      emailAddress(id('ad', 1), personA, 'a@example.com'),
      emailAddress(id('ad', 2), personA, 'b@example.com', classes.phone),
    ];
    const [found] = snapshotOf({ persons: [person(personA, 'Anders')], addresses }).persons;
    expect(found?.validities[0]?.addresses_response.objects.map((a) => a.uuid)).toEqual([id('ad', 1), id('ad', 2), id('ad', 3)]);
  });

  it('translates the same whatever the interleaving of kinds and the order within a kind', () => {
    const data: LoraData = {
      ...classification,
      units,
      persons: [person(personA, 'Anders'), person(personB, 'Bent', '0202602345')],
      engagements: [engagement(id('e0', 1), classes.monthly), engagement(id('e0', 2), classes.monthly, personB), engagement(id('e0', 3), classes.hourly)],
      addresses: [emailAddress(id('ad', 1), personA, 'a@example.com'), emailAddress(id('ad', 2), personB, 'b@example.com')],
      managers: [manager(id('d0', 1), personA), manager(id('d0', 2), personB)],
    };
    const interleaved = objectKinds.flatMap((kind) => data[kind].map((object) => ({ kind, object }))).reverse();
    for (let i = 0; i < interleaved.length; i += 3) interleaved.push(...interleaved.splice(i, 1));
    const translation = startTranslation(classCatalogue(data.classes, data.facets, today), plan);
    for (const { kind, object } of interleaved) translation.add(kind, object);
    expect(translation.snapshot()).toEqual(translateSnapshot(data, plan));
  });

  it('shares one object for each class reference, validity and uuid reference', () => {
    const snapshot = snapshotOf({
      units,
      persons: [person(personA, 'Anders'), person(personB, 'Bent')],
      engagements: [engagement(id('e0', 1), classes.monthly), engagement(id('e0', 2), classes.monthly)],
      addresses: [emailAddress(id('ad', 1), personA, 'a@example.com'), emailAddress(id('ad', 2), personB, 'b@example.com')],
    });
    const [first, second] = snapshot.engagements.map((e) => e.validities[0]);
    expect(first?.engagement_type_response).toEqual({ uuid: classes.monthly, current: { name: 'Månedsløn', scope: null } });
    expect(second?.engagement_type_response).toBe(first?.engagement_type_response);
    expect(second?.person_response).toBe(first?.person_response);
    expect(second?.validity).toBe(first?.validity);
    expect(snapshot.engagements[1]?.history?.[0]).toBe(snapshot.engagements[0]?.history?.[0]);
    const [a, b] = snapshot.persons.map((p) => p.validities[0]?.addresses_response.objects[0]?.validities[0]);
    expect(a?.address_type_response).toEqual({ uuid: classes.email, current: { name: 'Email', scope: 'EMAIL' } });
    expect(b?.address_type_response).toBe(a?.address_type_response);
    expect(snapshot.persons[1]?.validities[0]?.validity).toBe(snapshot.persons[0]?.validities[0]?.validity);
  });
});

describe('reading a list answer', () => {
  const answer = () => ({ results: [[rawObject(personA, {}), rawObject(personB, {})]] });

  it('parses without changing the answer', () => {
    const value = answer();
    expect(parseListAnswer(value).map((o) => o.id)).toEqual([personA, personB]);
    expect(value).toEqual(answer());
  });

  it('drains an answer object by object, letting go of each as it hands it over', () => {
    const value = answer();
    const seen: [string, unknown[]][] = [];
    expect(drainListAnswer(value, (o) => seen.push([o.id, [...(value.results[0] ?? [])]]))).toBe(2);
    expect(seen).toEqual([
      [personA, [null, expect.anything()]],
      [personB, [null, null]],
    ]);
    expect(drainListAnswer({ results: [] }, () => undefined)).toBe(0);
  });

  it('names the path of what is wrong, also deep down and after objects already handed over', () => {
    const bad = {
      results: [
        [rawObject(personA, {}), { id: personB, registreringer: [{ relationer: { tilhoerer: [{ uuid: org, virkning: { from: '2020-01-01', to: 1 } }] } }] }],
      ],
    };
    const taken: string[] = [];
    expect(() => drainListAnswer(bad, (o) => taken.push(o.id))).toThrow('results[0][1].registreringer[0].relationer.tilhoerer[0].virkning.to is not a string');
    expect(taken).toEqual([personA]);
    expect(() => parseListAnswer({ results: [{}] })).toThrow('results[0] is not a list');
    expect(() => parseListAnswer([])).toThrow('the answer is not an object');
  });
});
