import { DuplicateSignal } from './duplicate-candidate.entity';
import { compareContacts } from './duplicate-detector.service';
import { LeadSource } from './lead.enums';

describe('compareContacts', () => {
  it('says why: an equal phone and names that sound alike', () => {
    const c = compareContacts({ name: 'Jon Smith', phoneE164: '+12065550101' }, { name: 'John Smith', phoneE164: '+12065550101' });
    expect(c.signal).toBe(DuplicateSignal.Phone);
    expect(c.exact).toBe(true);
    expect(c.evidence).toEqual(['phone +1 206 555 0101 equal', "names 'Jon Smith' / 'John Smith', Jaro-Winkler 0.97, sound alike"]);
    expect(c.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('a Gmail address written two ways is one mailbox', () => {
    const c = compareContacts({ name: 'Ana Ruiz', email: 'Ana.Ruiz+zillow@gmail.com', emailNormalized: 'anaruiz@gmail.com' }, { name: 'Ana Ruiz', email: 'anaruiz@googlemail.com', emailNormalized: 'anaruiz@gmail.com' });
    expect(c.evidence[0]).toBe("emails 'Ana.Ruiz+zillow@gmail.com' / 'anaruiz@googlemail.com' reach the same mailbox");
    expect(c.exact).toBe(true);
  });

  it('a shared phone with a different name is a candidate, not an identity', () => {
    const c = compareContacts({ name: 'Maria Lopez', phoneE164: '+12065550101' }, { name: 'Robert Chen', phoneE164: '+12065550101' });
    expect(c.exact).toBe(false);
    expect(c.signal).toBe(DuplicateSignal.Phone);
    expect(c.confidence).toBeLessThan(0.6);
  });

  it('names alone never make a pair', () => {
    expect(compareContacts({ name: 'John Smith' }, { name: 'Jon Smyth' }).signal).toBeNull();
  });

  it('the same WhatsApp number and the same Lead Ads lead are identities', () => {
    expect(compareContacts({ name: 'A B', whatsappId: '12065550101' }, { name: 'A B', whatsappId: '12065550101' })).toMatchObject({ signal: DuplicateSignal.WhatsApp, exact: true });
    const ads = compareContacts({ name: 'Kim Lee', source: LeadSource.MetaLeadAds, sourceRef: '998877' }, { name: 'Kim Lee', source: LeadSource.MetaLeadAds, sourceRef: '998877' });
    expect(ads).toMatchObject({ signal: DuplicateSignal.LeadAds, exact: true });
    expect(ads.evidence[0]).toBe('same Lead Ads lead 998877');
  });

  it('an initial is no name to compare: the identity decides', () => {
    expect(compareContacts({ name: 'P', emailNormalized: 'p@x.com' }, { name: 'Pool Person', emailNormalized: 'p@x.com' }).exact).toBe(true);
  });
});
