import { readWhatsAppMessage } from './whatsapp-message';

describe('readWhatsAppMessage: what the assistant answers', () => {
  const msg = (type: string, body: unknown) => ({ from: '14255550100', id: 'wamid.X', timestamp: '1796400000', type, [type]: body });

  it.each([
    ['a text', msg('text', { body: 'Is it still available?' }), true],
    ['an empty text', msg('text', { body: '  ' }), false],
    ['a tapped list row', msg('interactive', { type: 'list_reply', list_reply: { id: 'unit:1', title: 'Loft in Ballard' } }), true],
    ['a filled-in form', msg('interactive', { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{}' } }), true],
    ['a template button', msg('button', { text: 'Yes please', payload: 'yes' }), true],
    ['a location', msg('location', { latitude: 47.6, longitude: -122.3, name: 'Ballard Locks' }), true],
    ['a photo with a caption', msg('image', { id: 'm1', caption: 'Something like this kitchen' }), true],
    ['a photo alone', msg('image', { id: 'm1' }), false],
    ['a reaction', msg('reaction', { message_id: 'wamid.Y', emoji: '👍' }), false],
    ['a sticker', msg('sticker', { id: 's1' }), false],
    ['a type nobody knows', msg('hologram', { id: 'h1' }), false],
  ])('%s → %s', (_what, message, answerable) => {
    expect(readWhatsAppMessage(message).answerable).toBe(answerable);
  });

  it('a home tapped in the assistant\'s list: the conversation shows its title, the assistant reads which option it was', () => {
    const read = readWhatsAppMessage(msg('interactive', { type: 'list_reply', list_reply: { id: 'unit:2:6f1c', title: '3-bed house in Lake Hil…' } }));
    expect(read.content).toBe('3-bed house in Lake Hil…');
    expect(read.data.assistantText).toBe('option 2');
    expect(readWhatsAppMessage(msg('interactive', { type: 'list_reply', list_reply: { id: 'size-m', title: 'Medium' } })).data.assistantText).toBeUndefined();
  });
});

