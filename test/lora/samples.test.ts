/** The translation on every shared sample: MO's test municipality's `?list=1` answers and MO's registration bodies. */
import { expect, it } from 'vitest';
import { addressValue } from '../../src/lora/translate/addresses.js';
import { versionsOf } from '../../src/lora/translate/effects.js';
import { unitDarAddressUuids } from '../../src/dar/resolve.js';
import { translateSnapshot, type LoraData, type TranslatePlan } from '../../src/lora/translate/snapshot.js';
import type { LoraObject } from '../../src/lora/wire.js';
import { id, klasse } from './builders.js';
import { describeWithInput } from '../support/required-input.js';
import { editedFunctionSample, functionSample, haveSamples, listSample, sampleFiles, samplesInput } from './samples.js';

const today = '2026-06-15';
const kolding = 'f06ee470-9f17-566f-acbe-e938112d46d9';
const salaryOrganisation = 'fb2d158f-114e-5f67-8365-2c520cf10b58';

/** The persons, units and classes MO's registration bodies refer to (from MO's other test fixture, not in the list samples). */
const andersAnd = '53181ed2-f1de-4c4a-a8fd-ab358c2c454a';
const fedtmule = '6ee24785-ee9a-4502-81c2-7697009c9053';
const erikSmidtHansen = '236e0a78-11a0-4ed9-8545-6286bb8611c7';
const humanisticUnit = '9d07123e-47ac-4a9a-88c8-da82e3a4bc9e';
const bodyClasses = {
  ansat: '06f95678-166a-455a-a2ab-121a8d92ea23',
  jobFunction: '4311e351-6a3c-4e7e-ae60-8a3b2938fbd6',
  levelOrFunction: 'ca76a441-6226-404f-88a9-31e02e420e52',
  primary: '89b6cef8-3d03-49ac-816f-f7530b383411',
  notPrimary: '2f16d140-d743-4c9f-9e0e-361da91a06f6',
  email: 'c78eb6f7-8a9e-40b3-ac80-36b9f371c3e0',
  phone: 'cbadfa0f-ce4f-40b9-86a0-2e85d8961f5d',
  employeeDar: '4e337d8e-1fd2-4449-8110-e0c8a22958ed',
  unitDar: '28d71012-2919-4b67-a2f0-7b59ed52561e',
  unitPhone: '1d1d3711-5af4-4084-99b3-df2b8752fdec',
  text: 'e8ea1a09-d3d4-4203-bfe9-d9a213371337',
};
const publicVisibility = '7a7cc475-c58b-524c-5191-abee9450f104';

describeWithInput(samplesInput, 'the shared LoRa samples', () => {
  const facets = haveSamples ? listSample('list-facet.json') : [];
  const facetUuid = (key: string): string => {
    const found = facets.find((f) => f.registreringer[0]?.attributter['facetegenskaber']?.[0]?.['brugervendtnoegle'] === key);
    if (!found) throw new Error(`no facet ${key} in list-facet.json`);
    return found.id;
  };
  /** The list sample's classes plus those the registration bodies use. */
  const classes = (): LoraObject[] => [
    ...listSample('list-class_.json'),
    klasse(bodyClasses.ansat, facetUuid('engagement_type'), 'Ansat'),
    klasse(bodyClasses.jobFunction, facetUuid('responsibility'), 'Fakultet'),
    klasse(bodyClasses.levelOrFunction, facetUuid('manager_level'), 'Niveau 90'),
    klasse(bodyClasses.primary, facetUuid('primary_type'), 'Primær', '3000'),
    klasse(bodyClasses.notPrimary, facetUuid('primary_type'), 'Ikke-primær', '0'),
    klasse(bodyClasses.email, facetUuid('employee_address_type'), 'Email', 'EMAIL'),
    klasse(bodyClasses.phone, facetUuid('employee_address_type'), 'Telefon', 'PHONE'),
    klasse(bodyClasses.employeeDar, facetUuid('employee_address_type'), 'Adresse', 'DAR'),
    klasse(bodyClasses.unitDar, facetUuid('org_unit_address_type'), 'Postadresse', 'DAR'),
    klasse(bodyClasses.unitPhone, facetUuid('org_unit_address_type'), 'Telefon', 'PHONE'),
    klasse(bodyClasses.text, facetUuid('org_unit_address_type'), 'Afdelingskode', 'TEXT'),
  ];
  const none: LoraData = { facets: [], classes: [], units: [], persons: [], engagements: [], addresses: [], managers: [] };
  const plan: TranslatePlan = { today, rootUnit: kolding, engagementTypes: [bodyClasses.ansat], withHistory: false };
  const translate = (data: Partial<LoraData>, extra: Partial<TranslatePlan> = {}) =>
    translateSnapshot({ ...none, facets, classes: classes(), ...data }, { ...plan, ...extra });

  it('parses every sample, and every object of the list samples has versions', () => {
    const files = sampleFiles();
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files.filter((f) => f.startsWith('list-'))) {
      const objects = listSample(file);
      expect(objects.length, file).toBeGreaterThan(0);
      for (const object of objects) expect(versionsOf(object).length, `${file} ${object.id}`).toBeGreaterThan(0);
    }
    for (const file of files.filter((f) => f.startsWith('create_organisationfunktion_'))) {
      const name = file.slice('create_organisationfunktion_'.length, -'.json'.length);
      expect(versionsOf(functionSample(name, id('ff', 1))).length, file).toBe(1);
    }
  });

  it('list-user.json: every person, with CPR numbers and names', () => {
    const { persons } = translate({ persons: listSample('list-user.json') });
    expect(persons).toHaveLength(897);
    expect(persons.every((p) => p.validities.length === 1 && /^\d{10}$/.test(p.validities[0]?.cpr_number ?? ''))).toBe(true);
    const byUuid = new Map(persons.map((p) => [p.uuid, p.validities[0]]));
    expect(byUuid.get('0004b952-a513-430b-b696-8d393d7eb2bb')).toEqual({
      cpr_number: '1011482720',
      name: 'Birgitta Munk Duschek',
      validity: { from: '1948-11-10T00:00:00+01:00', to: null },
      addresses_response: { objects: [] },
    });
    // Written in 1945's summer time (+02); the time-zone data may know an offset of its own for that summer, but the day is the same.
    const summer1945 = byUuid.get('00556594-7be8-4c57-ba0a-9d2adefc8d1c');
    expect(summer1945).toMatchObject({ cpr_number: '3006450724', name: 'Anna Brink Nielsen' });
    expect(summer1945?.validity.from).toMatch(/^1945-06-30T00:00:00\+0[123]:00$/);
    expect(byUuid.get('ff5bfef4-6459-4ba2-9571-10366ead6f5f')).toMatchObject({ cpr_number: '0910443755', name: 'Jens Pedersen Munch Bisgaard' });
    expect(persons.map((p) => p.uuid)).toEqual(persons.map((p) => p.uuid).sort());
  });

  it('list-org_unit.json: the tree below the root, with the organisation (list-org.json) as no parent', () => {
    const [organisation] = listSample('list-org.json');
    const { units } = translate({ units: listSample('list-org_unit.json') });
    expect(units).toHaveLength(62);
    const byUuid = new Map(units.map((u) => [u.uuid, u.validities[0]]));
    const root = byUuid.get(kolding);
    expect(root).toMatchObject({
      name: 'Kolding Kommune',
      parent_response: null,
      unit_level_response: { uuid: '84f95e29-48a0-4175-85fd-84a1f596e1a4', current: { name: 'N1' } },
    });
    // LoRa's parent of the root is the organisation object.
    const rootObject = listSample('list-org_unit.json').find((u) => u.id === kolding);
    expect(rootObject?.registreringer[0]?.relationer['overordnet']?.[0]?.['uuid']).toBe(organisation?.id);
    expect(byUuid.get('08eaf849-e9f9-53e0-b6b9-3cd45763ecbb')).toEqual({
      name: 'Viuf skole',
      validity: { from: '1960-01-01T00:00:00+01:00', to: null },
      parent_response: { uuid: '2665d8e0-435b-5bb6-a550-f275692984ef' },
      unit_level_response: { uuid: 'd4c6fb4a-233f-4b85-a77a-6dcdb13ee0db', current: { name: 'N5', scope: 'TEXT' } },
      addresses_response: { objects: [] },
    });
    const children = units.filter((u) => u.validities[0]?.parent_response?.uuid === kolding).map((u) => u.validities[0]?.name);
    expect(children.sort()).toEqual(['Borgmesterens Afdeling', 'Skole og Børn', 'Social og sundhed', 'Teknik og Miljø']);
    expect(byUuid.has(salaryOrganisation)).toBe(false);
    expect(translate({ units: listSample('list-org_unit.json') }, { rootUnit: salaryOrganisation }).units).toHaveLength(22);
  });

  it('list-class_.json and list-facet.json: the job functions', () => {
    const { jobFunctions } = translateSnapshot({ ...none, facets, classes: listSample('list-class_.json') }, plan);
    expect(jobFunctions).toHaveLength(18);
    expect(jobFunctions.find((j) => j.uuid === '1059df61-eb7f-495d-8c39-91f2a0c5985c')).toEqual({
      uuid: '1059df61-eb7f-495d-8c39-91f2a0c5985c',
      validities: [{ name: 'Jurist', validity: { from: '1900-01-01T00:00:00+01:00', to: null } }],
    });
    expect(jobFunctions.map((j) => j.uuid)).toEqual(jobFunctions.map((j) => j.uuid).sort());
  });

  it('list-it_system.json: IT systems have versions (not part of the snapshot)', () => {
    const systems = listSample('list-it_system.json');
    expect(systems.map((s) => versionsOf(s).map((v) => [v.from, v.to]))).toEqual(systems.map(() => [['1900-01-01', 'infinity']]));
  });

  const engagements = () => [
    functionSample('engagement_andersand', id('e0', 1)),
    functionSample('engagement_eriksmidthansen', id('e0', 2)),
    functionSample('engagement_eriksmidthansen_sekundaer', id('e0', 3)),
  ];

  it('engagement bodies: extensions, primary, references', () => {
    const found = translate({ engagements: engagements() }).engagements;
    expect(found.map((e) => e.uuid)).toEqual([id('e0', 1), id('e0', 2), id('e0', 3)]);
    expect(found[0]).toEqual({
      uuid: id('e0', 1),
      validities: [
        {
          is_primary: false,
          extension_1: 'test1',
          extension_2: 'test2',
          extension_3: null,
          extension_4: null,
          extension_5: null,
          extension_6: null,
          extension_7: null,
          extension_8: null,
          extension_9: 'test9',
          extension_10: null,
          validity: { from: '2017-01-01T00:00:00+01:00', to: null },
          job_function_response: { uuid: bodyClasses.jobFunction },
          engagement_type_response: { uuid: bodyClasses.ansat, current: { name: 'Ansat', scope: null } },
          org_unit_response: { uuid: humanisticUnit },
          person_response: { uuid: andersAnd },
        },
      ],
    });
    expect(found.map((e) => e.validities[0]?.is_primary)).toEqual([false, true, false]);
    expect(found[1]?.validities[0]).toMatchObject({ person_response: { uuid: erikSmidtHansen }, validity: { from: '2005-12-01T00:00:00+01:00', to: null } });
    expect(found[2]?.validities[0]?.job_function_response).toEqual({ uuid: bodyClasses.levelOrFunction });
  });

  it('engagement bodies: another allowed type selects none; history when asked for', () => {
    expect(translate({ engagements: engagements() }, { engagementTypes: [id('c0', 99)] }).engagements).toEqual([]);
    const withHistory = translate({ engagements: engagements() }, { withHistory: true }).engagements;
    expect(withHistory.map((e) => e.history)).toEqual([
      [{ validity: { from: '2017-01-01T00:00:00+01:00' } }],
      [{ validity: { from: '2005-12-01T00:00:00+01:00' } }],
      [{ validity: { from: '2005-12-01T00:00:00+01:00' } }],
    ]);
    expect(translate({ engagements: engagements() }).engagements.every((e) => !('history' in e))).toBe(true);
  });

  it('address bodies: e-mail and phone of persons, with their types and visibility', () => {
    const withVisibility = editedFunctionSample('email_fedtmule', id('ad', 3), (body) => {
      body.relationer['opgaver'] = [{ objekttype: 'synlighed', uuid: publicVisibility, virkning: { from: '1932-05-12T00:00:00+01:00', to: 'infinity' } }];
    });
    const addresses = [
      functionSample('email_andersand', id('ad', 1)),
      functionSample('tlf_andersand', id('ad', 2)),
      withVisibility,
      functionSample('adresse_fedtmule', id('ad', 4)),
      functionSample('adresse_engagement_andersand', id('ad', 5)),
    ];
    const persons = [andersAnd, fedtmule].map((uuid) => minimalPerson(uuid));
    const found = new Map(translate({ persons, addresses }).persons.map((p) => [p.uuid, p.validities[0]?.addresses_response.objects]));
    /** A person's address as translated: one open-ended version from `from`. */
    const address = (n: number, value: string, from: string, type: object, visibility: object | null = null) => ({
      uuid: id('ad', n),
      validities: [{ value, validity: { from, to: null }, address_type_response: type, visibility_response: visibility }],
    });
    const email = { uuid: bodyClasses.email, current: { name: 'Email', scope: 'EMAIL' } };
    const phone = { uuid: bodyClasses.phone, current: { name: 'Telefon', scope: 'PHONE' } };
    const visible = { uuid: publicVisibility, current: { name: 'Må vises eksternt', scope: 'PUBLIC' } };
    expect(found.get(andersAnd)).toEqual([
      address(1, 'bruger@example.com', '1934-06-09T00:00:00+01:00', email),
      address(2, '+4520304060', '1934-06-09T00:00:00+01:00', phone),
    ]);
    // Fedtmule's DAR address is neither EMAIL nor PHONE.
    expect(found.get(fedtmule)).toEqual([address(3, 'goofy@example.com', '1932-05-12T00:00:00+01:00', email, visible)]);
  });

  it('address bodies: every URN kind as MO writes its value', () => {
    const urns = sampleFiles()
      .filter((f) => f.startsWith('create_organisationfunktion_'))
      .flatMap(
        (f) => functionSample(f.slice('create_organisationfunktion_'.length, -'.json'.length), id('ff', 2)).registreringer[0]?.relationer['adresser'] ?? [],
      )
      .map((a) => String(a['urn']));
    expect(new Map(urns.map((urn) => [urn, addressValue(urn)]))).toEqual(
      new Map([
        ['urn:dar:b1f1817d-5f02-4331-b8b3-97330a5d3197', 'b1f1817d-5f02-4331-b8b3-97330a5d3197'],
        ['urn:text:Fake%20afdelingskode', 'Fake afdelingskode'],
        ['urn:mailto:bruger@example.com', 'bruger@example.com'],
        ['urn:mailto:goofy@example.com', 'goofy@example.com'],
        ['urn:magenta.dk:telefon:+4520304060', '+4520304060'],
        ['urn:magenta.dk:telefon:+4587150000', '+4587150000'],
      ]),
    );
    // More URNs, of kinds and values the samples do not hold.
    const more: [string, string][] = [
      ['urn:magenta.dk:www:https://www.kolding.dk', 'https://www.kolding.dk'],
      ['urn:magenta.dk:ean:5798000012345', '5798000012345'],
      ['urn:dk:cvr:produktionsenhed:1003388394', '1003388394'],
      ['urn:text:Bygning%20%C3%98st%2C%201.%20sal', 'Bygning Øst, 1. sal'],
      ['urn:something:else:42', '42'],
    ];
    for (const [urn, value] of more) expect(addressValue(urn), urn).toBe(value);
  });

  it("address bodies: a unit's DAR addresses, the DAR UUID as value (MO's text and fields are asked of MO apart)", () => {
    const toKolding = (body: { relationer: Record<string, unknown[]> }) => {
      body.relationer['tilknyttedeenheder'] = [{ uuid: kolding, virkning: { from: '2016-01-01 00:00:00+01:00', to: 'infinity' } }];
    };
    const addresses = [
      editedFunctionSample('adresse_hum', id('ad', 10), toKolding),
      editedFunctionSample('adresse_orgunit_only_addrs_afdelingskode', id('ad', 11), toKolding),
      editedFunctionSample('tlf_hum', id('ad', 12), toKolding),
      functionSample('adresse_root', id('ad', 13)),
    ];
    const translated = translate({ units: listSample('list-org_unit.json'), addresses });
    const root = translated.units.find((u) => u.uuid === kolding);
    expect(root?.validities[0]?.addresses_response.objects).toEqual([
      { uuid: id('ad', 10), validities: [{ value: 'b1f1817d-5f02-4331-b8b3-97330a5d3197', validity: { from: '2016-01-01T00:00:00+01:00', to: null } }] },
    ]);
    expect(unitDarAddressUuids(translated.units)).toContain(id('ad', 10));
    expect(translated.darAddresses).toEqual([]);
    expect(translated.unresolvedDar).toEqual([]);
  });

  it('the manager body: unit, person, responsibilities (not the level); vacant without a person', () => {
    const managers = [
      functionSample('leder', id('d0', 1)),
      editedFunctionSample('leder', id('d0', 2), (body) => {
        delete body.relationer['tilknyttedebrugere'];
      }),
    ];
    expect(translate({ managers }).managers).toEqual([
      {
        uuid: id('d0', 1),
        validities: [
          {
            validity: { from: '2017-01-01T00:00:00+01:00', to: null },
            person_response: { uuid: andersAnd },
            org_unit_response: { uuid: humanisticUnit },
            responsibilities_response: { objects: [{ uuid: bodyClasses.jobFunction, current: { name: 'Fakultet', scope: null } }] },
          },
        ],
      },
      {
        uuid: id('d0', 2),
        validities: [
          {
            validity: { from: '2017-01-01T00:00:00+01:00', to: null },
            person_response: null,
            org_unit_response: { uuid: humanisticUnit },
            responsibilities_response: { objects: [{ uuid: bodyClasses.jobFunction, current: { name: 'Fakultet', scope: null } }] },
          },
        ],
      },
    ]);
  });
});

/** A minimal person object (the registration bodies' persons are not in list-user.json). */
function minimalPerson(uuid: string): LoraObject {
  return {
    id: uuid,
    registreringer: [
      {
        attributter: { brugerudvidelser: [{ fornavn: 'Test', efternavn: '', virkning: { from: '1930-01-01 00:00:00+01', to: 'infinity' } }] },
        tilstande: { brugergyldighed: [{ gyldighed: 'Aktiv', virkning: { from: '1930-01-01 00:00:00+01', to: 'infinity' } }] },
        relationer: {},
        registeredUntil: 'infinity',
      },
    ],
  };
}
