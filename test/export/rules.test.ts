import { describe, expect, it } from 'vitest';
import { postalAddressOf } from '../../src/export/addresses.js';
import { P2lError } from '../../src/util/errors.js';
import {
  address,
  e,
  emailType,
  engagement,
  hourly,
  jobFunction,
  manager,
  mobileType,
  monthly,
  p,
  person,
  phoneType,
  run,
  u,
  unit,
  unitAddress,
  uuid,
  volunteer,
  workEmailType,
} from './builders.js';

/** One person with one engagement in the root, plus whatever the test adds. */
const basic = { persons: [person(1, 'Anna Jensen')], engagements: [engagement(1, { person: 1, unit: 1 })] };

describe('bruger.csv: choosing an address', () => {
  const withAddresses = (addresses: ReturnType<typeof address>[]) => ({ ...basic, persons: [person(1, 'Anna Jensen', { addresses })] });

  it('takes the lowest address UUID among qualifying addresses when there is no priority list', () => {
    const { rows } = run(withAddresses([address(12, emailType, 'b@x.dk'), address(11, workEmailType, 'a@x.dk'), address(13, mobileType, '11')]));
    expect(rows.bruger[0]).toMatchObject({ 'E-mail': 'a@x.dk', Mobil: '11' });
  });

  it('exports only PUBLIC or no visibility: secret and internal addresses never leave MO', () => {
    const { rows } = run(
      withAddresses([
        address(11, emailType, 'secret@x.dk', { visibility: 'SECRET' }),
        address(12, emailType, 'internal@x.dk', { visibility: 'INTERNAL' }),
        address(13, emailType, 'public@x.dk', { visibility: 'PUBLIC' }),
        address(14, mobileType, '22', { visibility: 'SECRET' }),
      ]),
    );
    expect(rows.bruger[0]).toMatchObject({ 'E-mail': 'public@x.dk', Mobil: '' });
  });

  it('with a priority list, only listed types qualify and the earliest-listed type wins', () => {
    const addresses = [
      address(11, emailType, 'private@x.dk'),
      address(12, workEmailType, 'work@x.dk'),
      address(13, mobileType, '33'),
      address(14, phoneType, '44'),
    ];
    expect(run(withAddresses(addresses), { emailPriority: [workEmailType, emailType] }).rows.bruger[0]?.['E-mail']).toBe('work@x.dk');
    expect(run(withAddresses(addresses), { phonePriority: [uuid('c', 999)] }).rows.bruger[0]?.Mobil).toBe('');
  });

  it('breaks a tie within the winning type by the lowest address UUID', () => {
    const addresses = [address(16, workEmailType, 'second@x.dk'), address(15, workEmailType, 'first@x.dk'), address(11, emailType, 'private@x.dk')];
    expect(run(withAddresses(addresses), { emailPriority: [workEmailType] }).rows.bruger[0]?.['E-mail']).toBe('first@x.dk');
  });

  it('uses only addresses active today', () => {
    const addresses = [address(11, emailType, 'old@x.dk', { to: '2026-11-25' }), address(12, emailType, 'new@x.dk', { from: '2026-11-27' })];
    expect(run(withAddresses(addresses)).rows.bruger[0]?.['E-mail']).toBe('');
  });
});

describe('bruger.csv: Stilling', () => {
  it('is the extension field of the primary engagement when non-empty', () => {
    const { rows } = run({ ...basic, engagements: [engagement(1, { person: 1, unit: 1, extensions: { extension_2: 'Souschef' } })] });
    expect(rows.bruger[0]?.Stilling).toBe('Souschef');
  });

  it('falls back to the job function name when the extension field is empty', () => {
    const { rows } = run({ ...basic, engagements: [engagement(1, { person: 1, unit: 1, jobFunction: 2, extensions: { extension_2: '' } })] });
    expect(rows.bruger[0]?.Stilling).toBe('Lærer');
  });

  it('reads the extension field the setting names (Viborg: extension_3)', () => {
    const extensions = { extension_2: 'Two', extension_3: 'Three' };
    const parts = { ...basic, engagements: [engagement(1, { person: 1, unit: 1, extensions })] };
    expect(run(parts, { positionExtensionField: 'extension_3' }).rows.bruger[0]?.Stilling).toBe('Three');
  });

  it('primary fallback order: primary first, then active over future, then earliest start, then lowest UUID', () => {
    const title = (engagements: ReturnType<typeof engagement>[]) => run({ ...basic, engagements }).rows.bruger[0]?.Stilling;
    // a primary beats an earlier non-primary
    expect(
      title([engagement(1, { person: 1, unit: 1, jobFunction: 1, from: '2010-01-01' }), engagement(2, { person: 1, unit: 1, jobFunction: 2, primary: true })]),
    ).toBe('Lærer');
    // no primary: active beats future
    expect(
      title([
        engagement(1, { person: 1, unit: 1, jobFunction: 1, from: '2027-01-01' }),
        engagement(2, { person: 1, unit: 1, jobFunction: 2, from: '2025-01-01' }),
      ]),
    ).toBe('Lærer');
    // two primaries, both active: the earliest start
    expect(
      title([
        engagement(1, { person: 1, unit: 1, jobFunction: 1, primary: true, from: '2021-01-01' }),
        engagement(2, { person: 1, unit: 1, jobFunction: 2, primary: true, from: '2020-01-01' }),
      ]),
    ).toBe('Lærer');
    // same start: the lowest UUID
    expect(title([engagement(2, { person: 1, unit: 1, jobFunction: 2 }), engagement(1, { person: 1, unit: 1, jobFunction: 3 })])).toBe('Sygeplejerske');
  });
});

describe('bruger.csv: persons', () => {
  it('exports only persons with at least one exported engagement, ordered by BrugerId', () => {
    const { rows } = run({
      persons: [person(3, 'C'), person(1, 'A'), person(2, 'B')],
      engagements: [engagement(1, { person: 3, unit: 1 }), engagement(2, { person: 1, unit: 1 }), engagement(3, { person: 2, unit: 1, type: volunteer })],
    });
    expect(rows.bruger.map((r) => r.BrugerId)).toEqual([p(1), p(3)]);
  });

  it('duplicate CPR: keeps the lowest UUID and leaves the other person out with its engagements and manager roles', () => {
    const { rows, warnings } = run({
      persons: [person(1, 'Anna', { cpr: '0101801234' }), person(2, 'Anna igen', { cpr: '0101801234' })],
      engagements: [engagement(1, { person: 1, unit: 1 }), engagement(2, { person: 2, unit: 1 })],
      managers: [manager(1, 1, 2, ['Personaleledelse'])],
    });
    expect(rows.bruger.map((r) => r.BrugerId)).toEqual([p(1)]);
    expect(rows.engagement.map((r) => r.EngagementId)).toEqual([e(1)]);
    expect(rows.leder).toEqual([]);
    expect(warnings).toContainEqual({ kind: 'duplicate-cpr', subject: p(2) });
  });

  it('exports a person without a CPR number with an empty CPR and a warning', () => {
    const { rows, warnings } = run({ ...basic, persons: [person(1, 'Anna', { cpr: null })] });
    expect(rows.bruger[0]?.CPR).toBe('');
    expect(warnings).toEqual([{ kind: 'person-without-cpr', subject: p(1) }]);
  });
});

describe('organisation.csv', () => {
  const tree = [
    unit(1, 'Kommune', null),
    unit(2, 'Skoler', 1),
    unit(3, 'Afdeling NY1', 2, { level: 'NY1-niveau' }),
    unit(4, 'Team under NY1', 3),
    unit(5, 'Børn', 1),
    unit(6, 'Andet træ', null),
    unit(7, 'Lukket', 1, { to: '2026-11-25' }),
    unit(8, 'Kommende', 1, { from: '2026-11-27' }),
  ];

  it('root with empty Parentid; too-deep units excluded and their children re-parented to the nearest exported ancestor', () => {
    const { rows } = run({ units: tree });
    expect(rows.organisation.map((r) => [r.Afdelingsnavn, r.Parentid])).toEqual([
      ['Kommune', ''],
      ['Børn', u(1)],
      ['Skoler', u(1)],
      ['Team under NY1', u(2)],
    ]);
  });

  it('order is pre-order from the root, siblings by name (code points: Å U+00C5 before Æ U+00C6), then UUID', () => {
    const units = [unit(1, 'Root', null), unit(5, 'Åby', 1), unit(4, 'Zoo', 1), unit(3, 'Ærø', 1), unit(2, 'Zoo', 1), unit(6, 'A', 3)];
    expect(run({ units }).rows.organisation.map((r) => r.AfdelingsID)).toEqual([u(1), u(2), u(4), u(5), u(3), u(6)]);
  });

  it("orders a re-parented unit among its new siblings by its own name, not its excluded parent's", () => {
    const units = [unit(1, 'Root', null), unit(2, 'Aaa deep', 1, { level: 'NY1-niveau' }), unit(3, 'Zulu', 2), unit(4, 'Mellem', 1)];
    expect(run({ units }).rows.organisation.map((r) => [r.Afdelingsnavn, r.Parentid])).toEqual([
      ['Root', ''],
      ['Mellem', u(1)],
      ['Zulu', u(1)],
    ]);
  });

  it('a root that does not exist or is not active today is an error naming the UUID (exit 2)', () => {
    const error = (() => {
      try {
        run({ units: [unit(1, 'Root', null, { to: '2026-01-01' })] });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(P2lError);
    expect((error as P2lError).exitCode).toBe(2);
    expect((error as Error).message).toContain(u(1));
  });

  it('DAR address from resolved fields: floor with a dot, door after it; a door without a floor after a comma', () => {
    const dar = { road_name: 'Søndersøvej', house_number: '2', floor: '1', door: 'th', zip_code: '8800', zip_code_name: 'Viborg' };
    expect(postalAddressOf(dar, 'ignored')).toEqual({ Gade: 'Søndersøvej 2, 1. th', Postnr: '8800', By: 'Viborg' });
    expect(postalAddressOf({ ...dar, floor: null, door: 'tv' }, null)).toEqual({ Gade: 'Søndersøvej 2, tv', Postnr: '8800', By: 'Viborg' });
    expect(postalAddressOf({ ...dar, floor: 'st', door: null }, null)).toEqual({ Gade: 'Søndersøvej 2, st.', Postnr: '8800', By: 'Viborg' });
    expect(postalAddressOf({ ...dar, floor: null, door: null }, null)).toEqual({ Gade: 'Søndersøvej 2', Postnr: '8800', By: 'Viborg' });
  });

  it('DAR address from text with floor and door: split at the last comma', () => {
    expect(postalAddressOf({}, 'Skolevej 12, 1. th, 7400 Herning')).toEqual({ Gade: 'Skolevej 12, 1. th', Postnr: '7400', By: 'Herning' });
    expect(postalAddressOf({}, 'Adresse ukendt')).toEqual({ Gade: '', Postnr: '', By: '' });
    expect(postalAddressOf({}, 'Vej 1, 880 By')).toEqual({ Gade: '', Postnr: '', By: '' });
    expect(postalAddressOf({}, null)).toEqual({ Gade: '', Postnr: '', By: '' });
  });

  it("takes the unit's active DAR address with the lowest address UUID", () => {
    const units = [
      unit(1, 'Root', null, {
        addresses: [
          unitAddress(12, { name: 'Bvej 2, 8800 Viborg' }),
          unitAddress(11, { name: 'Avej 1, 8800 Viborg' }),
          unitAddress(10, { name: 'Gammel 1, 8800 Viborg', to: '2026-11-25' }),
        ],
      }),
    ];
    expect(run({ units }).rows.organisation[0]).toMatchObject({ Gade: 'Avej 1', Postnr: '8800', By: 'Viborg' });
  });

  it('a DAR address MO could not resolve is no address: empty Gade, Postnr and By, and a warning naming the unit and the address', () => {
    const dar = { road_name: 'Søndersøvej', house_number: '2', floor: null, door: null, zip_code: '8800', zip_code_name: 'Viborg' };
    const units = [
      unit(1, 'Root', null, { addresses: [unitAddress(11, { unresolved: true }), unitAddress(12, { name: 'Søndersøvej 2, 8800 Viborg', dar })] }),
      unit(2, 'Skole', 1, { addresses: [unitAddress(21, { name: 'Søndersøvej 2, 8800 Viborg', dar })] }),
    ];
    const { rows, warnings } = run({ units });
    // The lowest address UUID is chosen first; that MO could not resolve it does not make the next one the unit's address.
    expect(rows.organisation.map((r) => [r.AfdelingsID, r.Gade, r.Postnr, r.By])).toEqual([
      [u(1), '', '', ''],
      [u(2), 'Søndersøvej 2', '8800', 'Viborg'],
    ]);
    expect(warnings).toEqual([{ kind: 'dar-address-unresolved', subject: `${u(1)} address ${uuid('4', 11)}` }]);
  });

  it("takes MO's answer for the address's version active today; an address MO was not asked about (LoRa's --no-resolve-dar) is empty, without a warning", () => {
    const dar = { road_name: 'Nyvej', house_number: '3', floor: null, door: null, zip_code: '8000', zip_code_name: 'Aarhus C' };
    const units = [unit(1, 'Root', null, { addresses: [unitAddress(11, { name: 'Nyvej 3, 8000 Aarhus C', dar })] })];
    expect(run({ units }).rows.organisation[0]).toMatchObject({ Gade: 'Nyvej 3', Postnr: '8000', By: 'Aarhus C' });
    const notAsked = run({ units, darAddresses: [], unresolvedDar: [] });
    expect(notAsked.rows.organisation[0]).toMatchObject({ Gade: '', Postnr: '', By: '' });
    expect(notAsked.warnings).toEqual([]);
  });
});

describe('engagement.csv', () => {
  const persons = [person(1, 'Anna')];

  it('engagements in excluded units are moved to the nearest exported ancestor, or skipped with `skip`', () => {
    const units = [unit(1, 'Root', null), unit(2, 'Deep', 1, { level: 'NY1-niveau' }), unit(3, 'Deeper', 2, { level: 'NY1-niveau' })];
    const parts = { units, persons, engagements: [engagement(1, { person: 1, unit: 3 })] };
    const moved = run(parts);
    expect(moved.rows.engagement[0]?.AfdelingsId).toBe(u(1));
    expect(moved.warnings).toEqual([{ kind: 'engagement-moved-to-ancestor', subject: e(1) }]);
    const skipped = run(parts, { excludedUnitEngagements: 'skip' });
    expect(skipped.rows.engagement).toEqual([]);
    expect(skipped.rows.bruger).toEqual([]);
  });

  it('future vs active: AktivStatus 1 and no start date when active, 0 and the start date when future', () => {
    const { rows } = run({
      persons,
      engagements: [engagement(1, { person: 1, unit: 1, from: '2026-11-26' }), engagement(2, { person: 1, unit: 1, from: '2026-11-27' })],
    });
    expect(rows.engagement.map((r) => [r.EngagementId, r.AktivStatus, r.StartdatoEngagement])).toEqual([
      [e(1), '1', ''],
      [e(2), '0', '2026-11-27'],
    ]);
  });

  it('start_date `earliest` fills every row with the first start date over the whole history', () => {
    const withHistory = {
      ...engagement(1, { person: 1, unit: 1, from: '2024-01-01' }),
      history: [{ validity: { from: '2019-03-01T00:00:00+01:00' } }, { validity: { from: '2024-01-01T00:00:00+01:00' } }],
    };
    const future = engagement(2, { person: 1, unit: 1, from: '2027-02-01' });
    const { rows } = run({ persons, engagements: [withHistory, future] }, { startDate: 'earliest' });
    expect(rows.engagement.map((r) => r.StartdatoEngagement)).toEqual(['2019-03-01', '2027-02-01']);
  });

  it('past versions are never exported; an engagement with a gap is future', () => {
    const ended = engagement(1, { person: 1, unit: 1, to: '2026-11-25' });
    const gap = engagement(2, { person: 1, unit: 1, from: '2020-01-01', to: '2026-10-31' }, { person: 1, unit: 1, from: '2027-01-01' });
    const { rows } = run({ persons, engagements: [ended, gap] });
    expect(rows.engagement.map((r) => [r.EngagementId, r.AktivStatus, r.StartdatoEngagement])).toEqual([[e(2), '0', '2027-01-01']]);
  });

  it('an engagement that changes unit in the future is exported with the unit of its active version', () => {
    const units = [unit(1, 'Root', null), unit(2, 'A', 1), unit(3, 'B', 1)];
    const moving = engagement(1, { person: 1, unit: 2, to: '2026-12-31' }, { person: 1, unit: 3, from: '2027-01-01' });
    expect(run({ units, persons, engagements: [moving] }).rows.engagement[0]?.AfdelingsId).toBe(u(2));
  });

  it('only allowed engagement types, only units in scope', () => {
    const units = [unit(1, 'Root', null), unit(2, 'Other root', null)];
    const { rows } = run({
      units,
      persons,
      engagements: [
        engagement(1, { person: 1, unit: 1, type: volunteer }),
        engagement(2, { person: 1, unit: 2 }),
        engagement(3, { person: 1, unit: 1, type: hourly }),
      ],
    });
    expect(rows.engagement.map((r) => [r.EngagementId, r.Engagementstype])).toEqual([[e(3), 'Timeløn']]);
  });

  it('Primær from is_primary; order by BrugerId, then EngagementId', () => {
    const { rows } = run({
      persons: [person(1, 'A'), person(2, 'B')],
      engagements: [
        engagement(3, { person: 2, unit: 1 }),
        engagement(2, { person: 1, unit: 1, primary: true }),
        engagement(1, { person: 2, unit: 1, type: monthly }),
      ],
    });
    expect(rows.engagement.map((r) => [r.BrugerId, r.EngagementId, r.Primær])).toEqual([
      [p(1), e(2), '1'],
      [p(2), e(1), '0'],
      [p(2), e(3), '0'],
    ]);
  });
});

describe('stillingskode.csv', () => {
  it('holds exactly the job functions engagement.csv references, by name then UUID', () => {
    const { rows } = run({
      persons: [person(1, 'A')],
      engagements: [
        engagement(1, { person: 1, unit: 1, jobFunction: 2 }),
        engagement(2, { person: 1, unit: 1, jobFunction: 4 }),
        engagement(3, { person: 1, unit: 1, jobFunction: 2 }),
      ],
      jobFunctions: [jobFunction(1, 'Pædagog'), jobFunction(2, 'Lærer'), jobFunction(4, 'Lærer'), jobFunction(3, 'Unused')],
    });
    expect(rows.stillingskode).toEqual([
      { StillingskodeID: uuid('c', 302), AktivStatus: '1', Stillingskode: 'Lærer', 'Stillingskode#': uuid('c', 302) },
      { StillingskodeID: uuid('c', 304), AktivStatus: '1', Stillingskode: 'Lærer', 'Stillingskode#': uuid('c', 304) },
    ]);
  });
});

describe('leder.csv', () => {
  const units = [unit(1, 'Root', null), unit(2, 'Deep', 1, { level: 'NY1-niveau' }), unit(3, 'B', 1)];
  const persons = [person(1, 'A'), person(2, 'B'), person(3, 'No engagement')];
  const engagements = [engagement(1, { person: 1, unit: 1 }), engagement(2, { person: 2, unit: 1 })];

  it('vacant managers and managers in units not exported are skipped; a manager not in bruger.csv is a warning', () => {
    const { rows, warnings } = run({
      units,
      persons,
      engagements,
      managers: [
        manager(1, 1, null),
        manager(2, 2, 1),
        manager(3, 1, 3),
        manager(4, 3, 2, ['Personaleledelse']),
        manager(5, 1, 1, [], { to: '2026-11-25' }),
        manager(6, 1, 2, [], { from: '2026-11-27' }),
      ],
    });
    expect(rows.leder.map((r) => [r.BrugerId, r.AfdelingsID])).toEqual([[p(2), u(3)]]);
    expect(warnings).toEqual([
      { kind: 'manager-vacant', subject: uuid('5', 1) },
      { kind: 'manager-person-not-exported', subject: uuid('5', 3) },
    ]);
  });

  it('Titel joins the responsibilities in name order; the preferred one alone when the manager has it', () => {
    const parts = {
      units,
      persons,
      engagements,
      managers: [manager(1, 1, 1, ['Personaleledelse', 'Budgetansvar', 'Arbejdsmiljø']), manager(2, 3, 2, ['Budgetansvar'])],
    };
    expect(run(parts).rows.leder.map((r) => r.Titel)).toEqual(['Arbejdsmiljø, Budgetansvar, Personaleledelse', 'Budgetansvar']);
    expect(run(parts, { managerResponsibility: 'Personaleledelse' }).rows.leder.map((r) => r.Titel)).toEqual(['Personaleledelse', 'Budgetansvar']);
  });

  it('orders by AfdelingsID, then BrugerId, and carries the manager role UUID', () => {
    const { rows } = run({ units, persons, engagements, managers: [manager(1, 3, 2), manager(2, 1, 2), manager(3, 1, 1)] });
    expect(rows.leder.map((r) => [r.AfdelingsID, r.BrugerId, r.OrganisationsfunktionsUUID])).toEqual([
      [u(1), p(1), uuid('5', 3)],
      [u(1), p(2), uuid('5', 2)],
      [u(3), p(2), uuid('5', 1)],
    ]);
  });
});

describe('referential integrity and determinism', () => {
  it('every BrugerId, AfdelingsId and StillingskodeId refers to a row of its file', () => {
    const units = [unit(1, 'Root', null), unit(2, 'Deep', 1, { level: 'NY1-niveau' })];
    const { rows } = run({
      units,
      persons: [person(1, 'A', { cpr: '1' }), person(2, 'B', { cpr: '1' })],
      engagements: [engagement(1, { person: 1, unit: 2 }), engagement(2, { person: 2, unit: 1 }), engagement(3, { person: 9, unit: 1 })],
      managers: [manager(1, 1, 2), manager(2, 1, 1)],
    });
    const brugere = new Set(rows.bruger.map((r) => r.BrugerId));
    const units_ = new Set(rows.organisation.map((r) => r.AfdelingsID));
    const codes = new Set(rows.stillingskode.map((r) => r.StillingskodeID));
    expect(rows.engagement.every((r) => brugere.has(r.BrugerId) && units_.has(r.AfdelingsId) && codes.has(r.StillingskodeId))).toBe(true);
    expect(rows.leder.every((r) => brugere.has(r.BrugerId) && units_.has(r.AfdelingsID))).toBe(true);
    expect(rows.organisation.every((r) => r.Parentid === '' || units_.has(r.Parentid))).toBe(true);
    expect(rows.leder).toHaveLength(1);
  });

  it('gives the same rows whatever the order of the snapshot', () => {
    const parts = {
      persons: [person(1, 'A'), person(2, 'B')],
      engagements: [engagement(1, { person: 1, unit: 1 }), engagement(2, { person: 2, unit: 1 })],
    };
    const reversed = { persons: [...parts.persons].reverse(), engagements: [...parts.engagements].reverse() };
    expect(run(reversed).rows).toEqual(run(parts).rows);
  });
});

describe('bad data from MO never crashes the run', () => {
  it('a malformed CPR is exported empty and counted, never shown', () => {
    const { rows, warnings } = run({ ...basic, persons: [person(1, 'Anna', { cpr: '12345' })] });
    expect(rows.bruger[0]?.CPR).toBe('');
    expect(warnings).toEqual([{ kind: 'malformed-cpr', subject: p(1) }]);
  });

  it('line breaks and control characters in names and titles become spaces; very long values are cut; each counted', () => {
    const { rows, warnings } = run({
      units: [unit(1, 'Rådhus\r\nafdeling', null)],
      persons: [person(1, 'Anna\tJensen')],
      engagements: [engagement(1, { person: 1, unit: 1, extensions: { extension_2: 'x'.repeat(600) } })],
    });
    expect(rows.organisation[0]?.Afdelingsnavn).toBe('Rådhus  afdeling');
    expect(rows.bruger[0]).toMatchObject({ Navn: 'Anna Jensen', Stilling: 'x'.repeat(500) });
    expect(warnings.map((w) => w.kind).sort()).toEqual(['control-characters-replaced', 'control-characters-replaced', 'long-value-cut']);
  });

  it('an object MO answers twice is kept once and counted', () => {
    const twice = engagement(1, { person: 1, unit: 1 });
    const { rows, warnings } = run({ ...basic, engagements: [twice, twice] });
    expect(rows.engagement).toHaveLength(1);
    expect(warnings).toEqual([{ kind: 'duplicate-object', subject: e(1) }]);
  });

  it('a cycle through the root ends the walk instead of looping: the root is the top, its own parent is not followed', () => {
    const units = [unit(1, 'Root', 3), unit(2, 'A', 1), unit(3, 'B', 2)];
    const { rows, warnings } = run({ units });
    expect(rows.organisation.map((r) => r.Afdelingsnavn)).toEqual(['Root', 'A', 'B']);
    expect(warnings).toEqual([]);
  });

  it('a loop of two units beside the root tree is reported once; its units and the units below them are out of scope', () => {
    const units = [unit(1, 'Root', null), unit(2, 'Skole', 1), unit(5, 'B', 4), unit(4, 'A', 5), unit(6, 'Under A', 4)];
    const { rows, warnings } = run({
      units,
      persons: [person(1, 'Anna'), person(2, 'Bo'), person(3, 'Carl')],
      engagements: [engagement(1, { person: 1, unit: 2 }), engagement(2, { person: 2, unit: 4 }), engagement(3, { person: 3, unit: 6 })],
      managers: [manager(1, 5, 1)],
    });
    expect(rows.organisation.map((r) => [r.AfdelingsID, r.Parentid])).toEqual([
      [u(1), ''],
      [u(2), u(1)],
    ]);
    expect(rows.engagement.map((r) => r.EngagementId)).toEqual([e(1)]);
    expect(rows.bruger.map((r) => r.BrugerId)).toEqual([p(1)]);
    expect(rows.leder).toEqual([]);
    expect(warnings).toEqual([{ kind: 'unit-parent-loop', subject: `${u(4)} ${u(5)}` }]);
  });

  it('loops outside the root are each reported once, their units in UUID order, loops by their first unit; a unit leading into a loop is no part of it', () => {
    const units = [
      unit(1, 'Root', null),
      unit(20, 'Into the loop', 9),
      unit(9, 'C', 8),
      unit(7, 'A', 9),
      unit(8, 'B', 7),
      unit(12, 'Y', 11),
      unit(11, 'X', 12),
      unit(30, 'Parent not in MO', 99),
    ];
    const { rows, warnings } = run({ units });
    expect(rows.organisation.map((r) => r.AfdelingsID)).toEqual([u(1)]);
    expect(warnings).toEqual([
      { kind: 'unit-parent-loop', subject: `${u(7)} ${u(8)} ${u(9)}` },
      { kind: 'unit-parent-loop', subject: `${u(11)} ${u(12)}` },
    ]);
  });

  it('a person without a name, empty or missing, is exported with an empty Navn and counted', () => {
    const unnamed = person(3, '');
    const named = person(4, 'x');
    const missing = { ...named, validities: named.validities.map((version) => ({ ...version, name: null as unknown as string })) };
    const { rows, warnings } = run({
      persons: [person(1, 'Anna'), unnamed, missing],
      engagements: [engagement(1, { person: 1, unit: 1 }), engagement(3, { person: 3, unit: 1 }), engagement(4, { person: 4, unit: 1 })],
    });
    expect(rows.bruger.map((r) => [r.BrugerId, r.Navn])).toEqual([
      [p(1), 'Anna'],
      [p(3), ''],
      [p(4), ''],
    ]);
    expect(warnings).toEqual([
      { kind: 'person-without-name', subject: p(3) },
      { kind: 'person-without-name', subject: p(4) },
    ]);
  });

  it('in windows-1252, a character it cannot hold becomes its base letter, else ?, counted once per object and column', () => {
    const parts = {
      units: [unit(1, 'Ørsted Ősz ș', null)],
      persons: [person(1, 'Łukasz Ősz 😀')],
      engagements: [engagement(1, { person: 1, unit: 1, extensions: { extension_2: 'Læge đ ı ħ' } })],
    };
    const { rows, warnings } = run(parts, { csvEncoding: 'windows-1252' });
    expect(rows.organisation[0]?.Afdelingsnavn).toBe('Ørsted Osz s');
    expect(rows.bruger[0]).toMatchObject({ Navn: 'Lukasz Osz ?', Stilling: 'Læge d i h' });
    expect(warnings).toEqual([
      { kind: 'unencodable-character-replaced', subject: `${p(1)} Navn` },
      { kind: 'unencodable-character-replaced', subject: `${p(1)} Stilling` },
      { kind: 'unencodable-character-replaced', subject: `${u(1)} Afdelingsnavn` },
    ]);
    const utf8 = run(parts);
    expect(utf8.rows.bruger[0]).toMatchObject({ Navn: 'Łukasz Ősz 😀', Stilling: 'Læge đ ı ħ' });
    expect(utf8.warnings).toEqual([]);
  });
});
