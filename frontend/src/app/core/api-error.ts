import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormGroup } from '@angular/forms';
import { fieldLabel } from '@words/broker-words';

/** One field the server refused, named as the screen names it. */
export interface FieldProblem {
  /** The request's field path, e.g. `contact.email`. */
  field: string;
  /** Its last part, which is the form control's name. */
  name: string;
  /** "Email", "Time zone". */
  label: string;
  /** "must be an email", without the field's code name in front. */
  message: string;
}

/** The fields the server named in its `details` (validation and rule errors). */
export function fieldProblems(e: unknown): FieldProblem[] {
  if (!(e instanceof HttpErrorResponse)) return [];
  const body: unknown = e.error;
  if (!body || typeof body !== 'object' || !('details' in body) || !Array.isArray(body.details)) return [];
  const out: FieldProblem[] = [];
  for (const d of body.details as unknown[]) {
    if (!d || typeof d !== 'object' || !('field' in d) || typeof d.field !== 'string') continue;
    const errors = 'errors' in d && Array.isArray(d.errors) ? d.errors.filter((x): x is string => typeof x === 'string') : [];
    const name = d.field.split('.').pop() ?? d.field;
    const first = errors[0] ?? 'is not valid';
    // class-validator starts its messages with the property's code name ("email must be an email").
    const message = first.replace(new RegExp(`^(${escape(d.field)}|${escape(name)})\\b\\s*`), '').trim() || 'is not valid';
    out.push({ field: d.field, name, label: fieldLabel(name), message });
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The server's own words when it sent its JSON error (`{statusCode, error, message}`), else a
 * plain fallback. A refused field is named as the screen names it: "Email: must be an email".
 */
export function errorMessage(e: unknown, fallback = 'Something went wrong. Please try again.'): string {
  const fields = fieldProblems(e);
  if (fields.length) return fields.map((f) => `${f.label}: ${f.message}`).join('; ');
  if (e instanceof HttpErrorResponse) {
    const body: unknown = e.error;
    if (body && typeof body === 'object' && 'message' in body) {
      const message = body.message;
      if (typeof message === 'string' && message) return message;
      if (Array.isArray(message)) return message.join('; ');
    }
    if (e.status === 0) return 'Cannot reach the server. Check your connection and try again.';
    return `${fallback} (HTTP ${e.status})`;
  }
  if (e instanceof Error && e.message) return e.message;
  return fallback;
}

/**
 * Puts the server's refusal on the form control it is about (`server` error, shown by the field's
 * mat-error) and returns what no control could take, for a banner.
 */
export function showServerErrors(form: FormGroup, e: unknown): string | null {
  const left: string[] = [];
  for (const p of fieldProblems(e)) {
    const control: AbstractControl | null = form.get(p.name);
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: `${p.label} ${p.message}` });
      control.markAsTouched();
    } else {
      left.push(`${p.label}: ${p.message}`);
    }
  }
  if (left.length) return left.join('; ');
  return fieldProblems(e).length ? null : errorMessage(e);
}
