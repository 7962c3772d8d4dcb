import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SendMessageDto } from '../api/models/send-message-dto';
import { MessageComposer } from './message-composer';

@Component({
  imports: [MessageComposer],
  template: `<oh-message-composer name="Dana Reyes" [email]="email()" [phone]="phone()" (send)="sent.push($event)" />`,
})
class Host {
  readonly email = signal<string | null>('dana@example.com');
  readonly phone = signal<string | null>('+12065550100');
  readonly sent: SendMessageDto[] = [];
}

describe('MessageComposer (write to a lead from the lead page)', () => {
  async function render(email: string | null, phone: string | null) {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.email.set(email);
    fixture.componentInstance.phone.set(phone);
    fixture.detectChanges();
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const type = (selector: string, value: string) => {
      const input = el.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      el.querySelector<HTMLButtonElement>('[data-testid="composer-send"]')!.click();
      fixture.detectChanges();
      await fixture.whenStable();
    };
    return { fixture, el, type, submit, sent: fixture.componentInstance.sent };
  }

  it('offers Email and WhatsApp when both are known, and sends an email with its subject and a key', async () => {
    const { el, type, submit, sent } = await render('dana@example.com', '+12065550100');
    const choices = Array.from(el.querySelectorAll('[data-testid="composer-channel"] button')).map((b) => b.textContent?.trim());
    expect(choices).toEqual(['Email', 'WhatsApp']);
    expect(el.querySelector('[data-testid="composer-to"]')?.textContent).toContain('To dana@example.com');
    type('[data-testid="composer-subject"]', '  The Ballard condo ');
    type('[data-testid="composer-text"]', ' Would Saturday at 10 suit you? ');
    await submit();
    expect(sent).toEqual([{ channel: 'email', subject: 'The Ballard condo', text: 'Would Saturday at 10 suit you?', idempotencyKey: expect.stringMatching(/^spa-[0-9a-f-]{36}$/) }]);
  });

  it('sends the same key again until the message went out, so a second click is not a second message', async () => {
    const { type, submit, sent } = await render('dana@example.com', null);
    type('[data-testid="composer-text"]', 'Hello');
    await submit();
    await submit();
    expect(sent).toHaveLength(2);
    expect(sent[1].idempotencyKey).toBe(sent[0].idempotencyKey);
  });

  it('with only a phone number it writes on WhatsApp, without a subject', async () => {
    const { el, fixture, type, submit, sent } = await render(null, '+12065550100');
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el.querySelector('[data-testid="composer-subject"]')).toBeNull();
    type('[data-testid="composer-text"]', 'Hi Dana');
    await submit();
    expect(sent[0]).toMatchObject({ channel: 'whatsapp', text: 'Hi Dana' });
    expect(sent[0].subject).toBeUndefined();
  });

  it('sends nothing empty, and says how to reach someone with no address', async () => {
    const empty = await render('dana@example.com', null);
    await empty.submit();
    expect(empty.sent).toEqual([]);
    const none = await render(null, null);
    expect(none.el.querySelector('[data-testid="composer-no-address"]')?.textContent).toContain('Add an email address or a phone number');
  });
});
