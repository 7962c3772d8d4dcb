import { provideHttpClient } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MessageDto } from '../api/models/message-dto';
import { SessionDto } from '../api/models/session-dto';
import { AuthStore } from '../core/auth-store';
import { AgentApi } from './agent-api';
import { ChatPage } from './chat-page';
import { storedMessage } from './chat-fixture';

const msg = (id: string, role: MessageDto['role'], content: string, extra: Partial<MessageDto> = {}): MessageDto => storedMessage({ id, role, content, ...extra });

describe('ChatPage', () => {
  let stored: SessionDto;
  const me = { id: 'me', name: 'Maria Lopez' };

  async function render() {
    stored = {
      id: 's1',
      leadId: 'l1',
      channel: 'web',
      mode: 'ai',
      heldBy: null,
      createdAt: '2026-11-26T10:00:00Z',
      lastMessageAt: null,
      messages: [
        msg('1', 'lead', 'Any condos near the lake?'),
        msg('2', 'tool', '', { toolName: 'inventory_search', data: { ok: true, summary: '1 home', data: { units: [{ id: 'u1', title: '2-bed condo in Leschi', price: 640000, currency: 'USD', bedrooms: 2, bathrooms: 2, city: 'Seattle', area: 'Leschi', why: ['near the lake'] }] } } }),
        msg('3', 'assistant', 'Here is one by the lake.'),
      ],
    };
    const api = {
      getSession: () => Promise.resolve(stored),
      takeOver: () => Promise.resolve({ ...stored, mode: 'human' as const, heldBy: me }),
      release: () => Promise.resolve({ ...stored, mode: 'ai' as const, heldBy: null }),
    };
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideRouter([]), { provide: AgentApi, useValue: api }] });
    const auth = TestBed.inject(AuthStore);
    vi.spyOn(auth, 'user').mockReturnValue({ ...me, email: 'maria@x.test', role: 'agent', active: true, createdAt: '', via: 'jwt', team: null, twoFactorEnabled: false });
    const fixture = TestBed.createComponent(ChatPage);
    fixture.componentRef.setInput('session', 's1');
    await fixture.whenStable();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('shows the conversation with the tool as a pill holding a unit card', async () => {
    const { el } = await render();
    const bubbles = Array.from(el.querySelectorAll('[data-testid="bubble"]')).map((b) => b.textContent?.trim());
    expect(bubbles).toEqual(['Any condos near the lake?', 'Here is one by the lake.']);
    const pill = el.querySelector('[data-testid="tool-pill"]')!;
    expect(pill.textContent).toContain('Looked for homes');
    expect(pill.textContent).toContain('2-bed condo in Leschi');
    expect(el.querySelector('[data-testid="chat-mode"]')?.textContent).toContain('Assistant answering');
    expect(el.querySelector('mat-label')?.textContent).toContain('Write as the lead');
  });

  it('after taking over, the composer replies as the person; releasing hands back to the assistant', async () => {
    const { fixture, el } = await render();
    const button = (text: string) => Array.from(el.querySelectorAll('button')).find((b) => b.textContent?.includes(text))!;
    button('Take over').click();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="chat-mode"]')?.textContent).toContain('Held by Maria Lopez');
    expect(el.querySelector('mat-label')?.textContent).toContain('Reply as Maria Lopez');
    button('Release to assistant').click();
    await new Promise((r) => setTimeout(r));
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="chat-mode"]')?.textContent).toContain('Assistant answering');
  });
});
