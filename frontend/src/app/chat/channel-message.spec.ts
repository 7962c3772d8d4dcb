import { channelView, questionWords } from './channel-message';

describe('channelView', () => {
  it('plain text has no extra view', () => {
    expect(channelView({ type: 'text', text: { body: 'hi' } })).toBeNull();
    expect(channelView(null)).toBeNull();
  });

  it('a location becomes a map link with the place in words', () => {
    const v = channelView({ type: 'location', location: { latitude: 37.8, longitude: -122.4, name: 'Pier 39' } });
    expect(v).toEqual({ kind: 'location', label: 'Shared a location', place: 'Pier 39', mapUrl: 'https://www.openstreetmap.org/?mlat=37.8&mlon=-122.4#map=17/37.8/-122.4' });
  });

  it('a photo shows its caption and details', () => {
    expect(channelView({ type: 'image', image: { caption: 'Nice view', mime_type: 'image/jpeg' } })).toEqual({ kind: 'media', label: 'Photo', caption: 'Nice view', details: ['image/jpeg'] });
  });

  it('a WhatsApp form answer is a filled form in plain words; a broken one says so', () => {
    const v = channelView({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{"preferred_contact_time":"evenings","areas":["North","Bay"],"flow_token":"x"}' } } });
    expect(v).toEqual({ kind: 'form', label: 'Filled in the WhatsApp form', unreadable: false, answers: [{ question: 'Preferred contact time', answer: 'evenings' }, { question: 'Areas', answer: 'North, Bay' }] });
    expect(channelView({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{broken' } } })).toMatchObject({ kind: 'form', unreadable: true, answers: [] });
  });

  it('types it cannot show are named in words, never by code', () => {
    expect(channelView({ type: 'order', order: {} })).toEqual({ kind: 'note', label: 'A message type this screen cannot show' });
    expect(questionWords('budgetMax')).toBe('Budget max');
  });
});
