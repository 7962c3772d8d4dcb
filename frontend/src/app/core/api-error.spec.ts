import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';
import { errorMessage, showServerErrors } from './api-error';

const refused = (details: { field: string; errors: string[] }[]) =>
  new HttpErrorResponse({ status: 400, error: { statusCode: 400, error: 'Bad Request', message: 'Invalid request: …', details } });

describe('server errors', () => {
  it('name the field as the screen does, not by its code name', () => {
    expect(errorMessage(refused([{ field: 'contact.email', errors: ['email must be an email'] }]))).toBe('Email: must be an email');
    expect(errorMessage(refused([{ field: 'contact.timezone', errors: ['timezone is not a known IANA time zone'] }]))).toBe('Time zone: is not a known IANA time zone');
  });

  it('land on the form control they are about, so the field itself says what is wrong', () => {
    const form = new FormGroup({ email: new FormControl('x@'), name: new FormControl('Ann') });
    const left = showServerErrors(form, refused([{ field: 'contact.email', errors: ['email must be an email'] }, { field: 'source', errors: ['source must be one of …'] }]));
    expect(form.controls.email.getError('server')).toBe('Email must be an email');
    expect(form.controls.email.touched).toBe(true);
    expect(left).toBe('Source: must be one of …');
  });
});
