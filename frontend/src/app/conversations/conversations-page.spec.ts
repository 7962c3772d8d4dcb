import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ConversationThreadDto } from '../api/models/conversation-thread-dto';
import { OutboundOptionsDto } from '../api/models/outbound-options-dto';
import { AuthStore } from '../core/auth-store';
import { ConversationsApi } from './conversations-api';
import { ConversationsPage } from './conversations-page';
import { conversation } from './conversation-fixture';

const thread: ConversationThreadDto = {
  conversation: conversation({ unread: 0, mode: 'human', heldBy: { id: 'u-lena', name: 'Lena Lister' } }),
  contact: { email: null, phone: '+12065550100', optedOut: false },
  messages: [
    { id: 'm1', from: 'lead', authorName: null, text: 'Is it still available?', subject: null, at: '2026-12-04T10:00:00Z', delivery: null, deliveryError: null, held: null, failed: false },
    { id: 'm2', from: 'person', authorName: 'Lena Lister', text: 'Yes! Want to see it?', subject: null, at: '2026-12-04T10:01:00Z', delivery: 'read', deliveryError: null, held: null, failed: false },
    { id: 'm3', from: 'assistant', authorName: null, text: 'Here are two more homes.', subject: null, at: '2026-12-04T22:00:00Z', delivery: null, deliveryError: null, held: { until: '2026-12-05T16:00:00Z', reason: 'Held until 08:00 Dana Diaz’s time: quiet hours (21:00–08:00)' }, failed: false },
  ],
  refused: [{ id: 'a1', at: '2026-12-04T10:02:00Z', reason: 'Not sent on WhatsApp: Dana Diaz asked not to be contacted', rule: 'opted_out', text: 'Are you still there?' }],
};

describe('ConversationsPage', () => {
  async function render(options: OutboundOptionsDto) {
    const api = {
      list: () => Promise.resolve({ items: [conversation(), conversation({ id: 's2', leadName: 'Eli Email', channel: 'email', unread: 0, waiting: false, lastMessage: { from: 'assistant', preview: 'Sure, see you then', delivery: 'delivered' } })], nextCursor: null }),
      thread: () => Promise.resolve(thread),
      markRead: () => Promise.resolve(),
      options: () => Promise.resolve(options),
      // The live feed never opens in this test.
      follow: async function* () {
        await new Promise(() => undefined);
        yield* [];
      },
    };
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: ConversationsApi, useValue: api }, { provide: AuthStore, useValue: { user: signal({ id: 'u-me', name: 'Maria Manager' }), token: () => null } }],
    });
    const fixture = TestBed.createComponent(ConversationsPage);
    fixture.componentRef.setInput('open', 's1');
    fixture.detectChanges();
    for (let i = 0; i < 3; i++) {
      await fixture.whenStable();
      fixture.detectChanges();
    }
    return fixture.nativeElement as HTMLElement;
  }
  const texts = (el: HTMLElement, id: string) => Array.from(el.querySelectorAll(`[data-testid="${id}"]`)).map((n) => n.textContent?.replace(/\s+/g, ' ').trim());

  it('lists conversations with their channel, unread count and who owes an answer, in a broker’s words', async () => {
    const el = await render({ whatsappWindow: { open: true, closesAt: '2026-12-05T10:00:00Z' }, templates: [] });
    expect(texts(el, 'channel-badge')).toEqual(['WhatsApp', 'Email']);
    expect(texts(el, 'unread')).toEqual(['2']);
    expect(texts(el, 'waiting')).toEqual(['Waiting for us']);
    expect(texts(el, 'conversation-preview')).toEqual(['Is it still available?', 'Assistant: Sure, see you then']);
  });

  it('shows a thread with its ticks, the held message and the refused one with why, and who holds it', async () => {
    const el = await render({ whatsappWindow: { open: true, closesAt: '2026-12-05T10:00:00Z' }, templates: [] });
    expect(texts(el, 'thread-channel')).toEqual(['WhatsApp']);
    expect(texts(el, 'thread-holder')).toEqual(['Lena Lister holds this conversation']);
    expect(texts(el, 'ticks')).toEqual(['done_allRead']);
    expect(texts(el, 'held')[0]).toContain('quiet hours');
    expect(texts(el, 'refused')[0]).toContain('Are you still there?');
    expect(texts(el, 'refused')[0]).toContain('asked not to be contacted');
    expect(el.querySelector('[data-testid="take-over"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="message-composer"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="template-picker"]')).toBeNull();
  });

  it('offers only approved messages when WhatsApp’s 24-hour window is closed', async () => {
    const el = await render({ whatsappWindow: { open: false, closesAt: null }, templates: [{ name: 'follow_up', parameters: ['name', 'agent'], preview: 'Hi {{1}}, this is {{2}}.' }] });
    expect(texts(el, 'window-closed')[0]).toContain('only an approved message can go out');
    expect(el.querySelector('[data-testid="template-picker"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="message-composer"]')).toBeNull();
  });
});
