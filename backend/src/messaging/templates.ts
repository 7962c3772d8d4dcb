import { DomainError } from '../core/http/domain-error';

/** An approved WhatsApp message template: its name, language and the parameters its body takes, in order. */
export interface TemplateSpec {
  name: string;
  language: string;
  parameters: string[];
  /** What it says, for the timeline (placeholders {{1}}, {{2}}...). */
  preview?: string;
}

/** Used when WHATSAPP_TEMPLATES is not set: templates a brokerage typically has approved. */
export const DEFAULT_TEMPLATES: TemplateSpec[] = [
  { name: 'follow_up', language: 'en_US', parameters: ['name', 'agent'], preview: 'Hi {{1}}, this is {{2}}. Are you still looking for a home? Reply to pick up where we left off.' },
  { name: 'viewing_reminder', language: 'en_US', parameters: ['name', 'address', 'time'], preview: 'Hi {{1}}, a reminder of your viewing at {{2}} on {{3}}.' },
  { name: 'viewing_confirmation', language: 'en_US', parameters: ['name', 'address', 'time', 'agent'], preview: 'Hi {{1}}, your viewing at {{2}} is booked for {{3}}. {{4}} will meet you there.' },
  { name: 'viewing_moved', language: 'en_US', parameters: ['name', 'address', 'time', 'agent'], preview: 'Hi {{1}}, your viewing at {{2}} has moved to {{3}}. {{4}} will meet you there.' },
  { name: 'viewing_feedback', language: 'en_US', parameters: ['name', 'address', 'link'], preview: 'Hi {{1}}, thank you for viewing {{2}}. How did you find it? Tell us in a minute: {{3}}' },
  { name: 'viewing_cancelled', language: 'en_US', parameters: ['name', 'address', 'time', 'agent'], preview: 'Hi {{1}}, your viewing at {{2}} on {{3}} is cancelled. {{4}} will be in touch about another time.' },
];

/** Reads the catalogue from WHATSAPP_TEMPLATES (JSON); a bad value stops the boot with a clear message. */
export function parseTemplates(raw: string | undefined): TemplateSpec[] {
  if (!raw) return DEFAULT_TEMPLATES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('WHATSAPP_TEMPLATES is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw new Error('WHATSAPP_TEMPLATES must be a JSON array');
  return parsed.map((t: unknown, i) => {
    const o = t as Partial<TemplateSpec> | null;
    if (!o || typeof o.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(o.name)) throw new Error(`WHATSAPP_TEMPLATES[${i}].name must be a template name (a-z, 0-9, _)`);
    if (typeof o.language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(o.language)) throw new Error(`WHATSAPP_TEMPLATES[${i}].language must look like en_US`);
    if (!Array.isArray(o.parameters) || !o.parameters.every((p) => typeof p === 'string')) throw new Error(`WHATSAPP_TEMPLATES[${i}].parameters must be a list of names`);
    return { name: o.name, language: o.language, parameters: o.parameters, preview: typeof o.preview === 'string' ? o.preview : undefined };
  });
}

/** The template's parameters in order; a template not in the catalogue or a missing parameter is a 400. */
export function fillTemplate(catalogue: TemplateSpec[], name: string, values: Record<string, string | undefined>): { spec: TemplateSpec; parameters: string[]; preview: string } {
  const spec = catalogue.find((t) => t.name === name);
  if (!spec) throw new DomainError('invalid', 'unknown_template', `There is no approved template called ${name}`, { known: catalogue.map((t) => t.name) });
  const missing = spec.parameters.filter((p) => !values[p]?.trim());
  if (missing.length) throw new DomainError('invalid', 'template_parameter_missing', `The template ${name} needs: ${missing.join(', ')}`, { missing });
  const parameters = spec.parameters.map((p) => values[p]!.trim());
  const preview = (spec.preview ?? `Template ${name}`).replace(/\{\{(\d+)\}\}/g, (_m, n: string) => parameters[Number(n) - 1] ?? '');
  return { spec, parameters, preview };
}
