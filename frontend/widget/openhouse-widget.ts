/*
 * Openhouse website chat. A website adds one tag:
 *   <script src="https://crm.example/api/public/widget/widget.js" data-site-key="pk_…" defer></script>
 * It draws a chat button; a visitor chats with the brokerage's assistant and may leave a name and
 * phone. Works under a strict Content-Security-Policy on the host page: no inline script or style
 * markup (styles are set through the DOM), no eval; the host allows this script's origin in
 * script-src and connect-src.
 */
(() => {
  const me = document.currentScript as HTMLScriptElement | null;
  if (!me || !me.src) return;
  const siteKey = me.dataset['siteKey'] ?? '';
  const api = new URL('.', me.src).href; // …/api/public/widget/
  const title = me.dataset['title'] ?? 'Chat with us';
  let token: string | null = null;
  let busy = false;

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, style: Partial<CSSStyleDeclaration>, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] => {
    const e = document.createElement(tag);
    Object.assign(e.style, style);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };

  const font = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
  const button = el('button', { position: 'fixed', right: '20px', bottom: '20px', zIndex: '2147483000', padding: '12px 18px', borderRadius: '24px', border: '0', background: '#1f5f8b', color: '#fff', font: `600 15px ${font}`, cursor: 'pointer', boxShadow: '0 2px 8px rgba(0,0,0,.25)' }, { type: 'button', 'data-openhouse': 'open', 'aria-expanded': 'false' });
  button.textContent = title;
  const panel = el('section', { position: 'fixed', right: '20px', bottom: '76px', zIndex: '2147483000', width: '340px', maxWidth: 'calc(100vw - 40px)', height: '460px', maxHeight: 'calc(100vh - 110px)', display: 'none', flexDirection: 'column', background: '#fff', color: '#222', border: '1px solid #ccd', borderRadius: '12px', boxShadow: '0 4px 16px rgba(0,0,0,.2)', font: `14px ${font}`, overflow: 'hidden' }, { 'aria-label': title, role: 'dialog' });
  const header = el('div', { padding: '10px 14px', background: '#1f5f8b', color: '#fff', fontWeight: '600' });
  header.textContent = title;
  const log = el('div', { flex: '1', overflowY: 'auto', padding: '10px' }, { 'data-openhouse': 'log', 'aria-live': 'polite' });
  const form = el('form', { display: 'flex', gap: '6px', padding: '8px', borderTop: '1px solid #dde' });
  const input = el('input', { flex: '1', padding: '8px', border: '1px solid #bbc', borderRadius: '6px', font: `14px ${font}` }, { 'aria-label': 'Your message', placeholder: 'Type your message…', maxlength: '2000', 'data-openhouse': 'message' });
  const send = el('button', { padding: '8px 12px', border: '0', borderRadius: '6px', background: '#1f5f8b', color: '#fff', cursor: 'pointer' }, { type: 'submit' });
  send.textContent = 'Send';
  form.append(input, send);
  const details = el('form', { display: 'flex', flexWrap: 'wrap', gap: '6px', padding: '8px', borderTop: '1px solid #dde', background: '#f6f8fa' }, { 'data-openhouse': 'details' });
  const nameInput = el('input', { flex: '1 1 120px', padding: '6px', border: '1px solid #bbc', borderRadius: '6px' }, { 'aria-label': 'Your name', placeholder: 'Your name', maxlength: '200', required: '' });
  const phoneInput = el('input', { flex: '1 1 120px', padding: '6px', border: '1px solid #bbc', borderRadius: '6px' }, { 'aria-label': 'Your phone', placeholder: 'Your phone', type: 'tel', maxlength: '30', required: '' });
  const leave = el('button', { padding: '6px 10px', border: '0', borderRadius: '6px', background: '#3a7d44', color: '#fff', cursor: 'pointer' }, { type: 'submit' });
  leave.textContent = 'Call me back';
  details.append(nameInput, phoneInput, leave);
  panel.append(header, log, form, details);

  const say = (who: 'you' | 'assistant' | 'note', text: string): HTMLElement => {
    const bubble = el('div', { margin: '6px 0', padding: '8px 10px', borderRadius: '10px', maxWidth: '85%', whiteSpace: 'pre-wrap', wordWrap: 'break-word', background: who === 'you' ? '#e3effa' : who === 'note' ? 'transparent' : '#f1f1f4', marginLeft: who === 'you' ? 'auto' : '0', color: who === 'note' ? '#666' : '#222', fontStyle: who === 'note' ? 'italic' : 'normal' }, { 'data-openhouse': who });
    bubble.textContent = text;
    log.append(bubble);
    log.scrollTop = log.scrollHeight;
    return bubble;
  };

  const post = (path: string, body: unknown) => fetch(api + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  const ensureChat = async (): Promise<string> => {
    if (token) return token;
    const res = await post('chat', { siteKey, language: navigator.language });
    if (!res.ok) throw new Error('The chat is not available right now.');
    token = ((await res.json()) as { visitorToken: string }).visitorToken;
    return token;
  };

  /** Reads the Server-Sent Events of one turn: `token` deltas make the answer; `error` ends it. */
  const turn = async (message: string): Promise<void> => {
    const visitorToken = await ensureChat();
    const res = await post('turn', { visitorToken, message });
    if (res.status === 429) throw new Error('Too many messages; please wait a minute.');
    if (!res.ok || !res.body) throw new Error('The assistant could not answer; please try again.');
    const bubble = say('assistant', '…');
    let text = '';
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = /^event: ?(.*)$/m.exec(frame)?.[1] ?? 'message';
        const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
        if (!data) continue;
        const payload = JSON.parse(data) as { delta?: string; message?: string };
        if (event === 'token' && payload.delta) {
          text += payload.delta;
          bubble.textContent = text;
          log.scrollTop = log.scrollHeight;
        } else if (event === 'error') {
          bubble.textContent = payload.message ?? 'The assistant could not answer.';
        }
      }
    }
    if (!text && bubble.textContent === '…') bubble.textContent = 'Thanks — someone from our team will get back to you.';
  };

  button.addEventListener('click', () => {
    const open = panel.style.display === 'none';
    panel.style.display = open ? 'flex' : 'none';
    button.setAttribute('aria-expanded', String(open));
    if (open && !log.childElementCount) say('assistant', 'Hello! How can we help you find your next home?');
    if (open) input.focus();
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const message = input.value.trim();
    if (!message || busy) return;
    busy = true;
    send.disabled = true;
    input.value = '';
    say('you', message);
    turn(message)
      .catch((err: unknown) => say('note', err instanceof Error ? err.message : 'Something went wrong.'))
      .finally(() => {
        busy = false;
        send.disabled = false;
      });
  });

  details.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = nameInput.value.trim();
    const phone = phoneInput.value.trim();
    if (!name || !phone) return;
    ensureChat()
      .then((visitorToken) => post('contact', { visitorToken, name, phone }))
      .then((res) => {
        if (!res.ok) throw new Error('Please check the phone number.');
        details.style.display = 'none';
        say('note', `Thanks, ${name}! We will call you at ${phone}.`);
      })
      .catch((err: unknown) => say('note', err instanceof Error ? err.message : 'Something went wrong.'));
  });

  const mount = () => document.body.append(button, panel);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
