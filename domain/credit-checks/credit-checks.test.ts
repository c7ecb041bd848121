import { databaseVariants, type TestDatabase } from '../../db/testing';
import { completeCreditCheck, creditChecksOf, getCreditCheck, logCreditCheck, summarise, type CheckedPerson } from '.';

const person: CheckedPerson = {
  firstName: 'Peter',
  lastName: 'Mustermann',
  birthDate: '1975-03-02',
  address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '50667', city: 'Köln' },
};

describe('summarise (pure)', () => {
  it('the worst score and its light count; fraud is red; nobody knows the person', () => {
    expect(
      summarise([
        { bureau: 'schufa', outcome: 'answered', score: 820, trafficLight: 'green', fraudSuspicion: false },
        { bureau: 'infoscore', outcome: 'answered', score: 310, trafficLight: 'yellow', fraudSuspicion: false },
        { bureau: 'creditreform', outcome: 'unavailable' },
      ]),
    ).toEqual({ trafficLight: 'yellow', score: 310, fraudSuspicion: false, personUnknown: false });
    expect(
      summarise([{ bureau: 'schufa', outcome: 'answered', score: 900, trafficLight: 'green', fraudSuspicion: true }]).trafficLight,
    ).toBe('red');
    expect(summarise([{ bureau: 'schufa', outcome: 'person_unknown' }])).toEqual({
      trafficLight: null,
      score: null,
      fraudSuspicion: false,
      personUnknown: true,
    });
  });
});

describe.each(databaseVariants())('credit check log on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('logs who asked, when and why; the result is written once', async () => {
    const c = await logCreditCheck(t.db, { requestedBy: 'caseworker', purpose: 'claim_review', person, today: '2026-05-22' });
    expect(c).toMatchObject({ status: 'pending', purpose: 'claim_review', requestedBy: 'caseworker', subject: person });
    const done = await completeCreditCheck(t.db, c.id, [
      { bureau: 'schufa', outcome: 'answered', score: 700, trafficLight: 'green', fraudSuspicion: false },
    ]);
    expect(done).toMatchObject({ status: 'completed', trafficLight: 'green', score: 700 });
    // A retried job changes nothing.
    await completeCreditCheck(t.db, c.id, [
      { bureau: 'schufa', outcome: 'answered', score: 10, trafficLight: 'red', fraudSuspicion: false },
    ]);
    expect((await getCreditCheck(t.db, c.id))!.score).toBe(700);
    expect((await creditChecksOf(t.db, 'caseworker')).map((x) => x.id)).toContain(c.id);
    expect(await creditChecksOf(t.db, 'someone-else')).toEqual([]);
  });

  it('refuses a query without a lawful purpose or with a wrong birth date, and logs nothing', async () => {
    const before = Number((await t.db('credit_checks').count('* as n'))[0].n);
    await expect(
      logCreditCheck(t.db, { requestedBy: 'caseworker', purpose: 'curiosity' as never, person, today: '2026-05-22' }),
    ).rejects.toMatchObject({ field: 'purpose' });
    await expect(
      logCreditCheck(t.db, {
        requestedBy: 'caseworker',
        purpose: 'contract_initiation',
        person: { ...person, birthDate: '2030-01-01' },
        today: '2026-05-22',
      }),
    ).rejects.toMatchObject({ field: 'person.birthDate' });
    await expect(
      logCreditCheck(t.db, {
        requestedBy: 'caseworker',
        purpose: 'contract_initiation',
        person: { ...person, address: { ...person.address, postalCode: '123' } },
        today: '2026-05-22',
      }),
    ).rejects.toMatchObject({ field: 'person.address.postalCode' });
    expect(Number((await t.db('credit_checks').count('* as n'))[0].n)).toBe(before);
  });
});
