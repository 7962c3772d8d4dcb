import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { FormBuilder, FormGroupDirective, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { CreateUnitDto } from '../api/models/create-unit-dto';
import { UnitDetailDto } from '../api/models/unit-detail-dto';
import { UnitPurpose } from '../api/models/unit-purpose';
import { UnitStatus } from '../api/models/unit-status';
import { UnitType } from '../api/models/unit-type';
import { showServerErrors } from '../core/api-error';
import { ErrorBanner } from '../shared/ui/error-banner';
import { LabelPipe } from '../shared/ui/label-pipe';
import { UnitStore } from './unit-store';

const TYPES: UnitType[] = ['house', 'townhouse', 'condo', 'apartment', 'land'];
/** A listing starts on the market. */
const NEW_LISTING_STATUS: UnitStatus = 'available';
const STATUSES: UnitStatus[] = ['available', 'under_offer', 'sold', 'rented', 'off_market'];

/** Adds a listing, or edits one (`id` set): address, price, rooms, features, description and status. */
@Component({
  selector: 'oh-unit-form-page',
  imports: [ReactiveFormsModule, RouterLink, LabelPipe, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, ErrorBanner],
  providers: [UnitStore],
  templateUrl: './unit-form-page.html',
  styleUrl: './unit-form-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UnitFormPage {
  protected readonly store = inject(UnitStore);
  private readonly router = inject(Router);
  /** Set when editing (route `:id/edit`); unset for a new listing. */
  readonly id = input<string>();
  protected readonly types = TYPES;
  protected readonly statuses = STATUSES;
  protected readonly saving = signal(false);
  protected readonly problem = signal<string | null>(null);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    ref: ['', [Validators.required, Validators.maxLength(64)]],
    title: ['', [Validators.required, Validators.maxLength(200)]],
    street: ['', Validators.maxLength(200)],
    area: ['', Validators.maxLength(120)],
    city: ['', [Validators.required, Validators.maxLength(120)]],
    zip: ['', Validators.pattern(/^[A-Za-z0-9 -]{3,10}$/)],
    type: ['house' as UnitType, Validators.required],
    purpose: ['sale' as UnitPurpose, Validators.required],
    price: [null as number | null, [Validators.required, Validators.min(0)]],
    bedrooms: [null as number | null, [Validators.required, Validators.min(0), Validators.max(50)]],
    bathrooms: [null as number | null, [Validators.required, Validators.min(0), Validators.max(50)]],
    sizeSqft: [null as number | null, Validators.min(0)],
    features: [''],
    description: ['', Validators.maxLength(10_000)],
    status: [NEW_LISTING_STATUS],
  });

  constructor() {
    effect(() => {
      const id = this.id();
      if (id) untracked(() => void this.store.load(id, false));
    });
    effect(() => {
      const u = this.store.unit();
      if (u && this.id()) untracked(() => this.fill(u));
    });
  }

  private fill(u: UnitDetailDto): void {
    this.form.reset({
      ref: u.ref,
      title: u.title,
      street: u.street ?? '',
      area: u.area ?? '',
      city: u.city,
      zip: u.zip ?? '',
      type: u.type,
      purpose: u.purpose,
      price: u.price,
      bedrooms: u.bedrooms,
      bathrooms: u.bathrooms,
      sizeSqft: u.sizeSqft,
      features: u.features.join(', '),
      description: u.description,
      status: u.status,
    });
  }

  protected async save(): Promise<void> {
    this.problem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateUnitDto = {
      ref: v.ref.trim(),
      title: v.title.trim(),
      street: v.street.trim() || null,
      area: v.area.trim() || null,
      city: v.city.trim(),
      zip: v.zip.trim() || null,
      type: v.type,
      purpose: v.purpose,
      price: Number(v.price),
      bedrooms: Number(v.bedrooms),
      bathrooms: Number(v.bathrooms),
      sizeSqft: v.sizeSqft === null || (v.sizeSqft as unknown) === '' ? null : Number(v.sizeSqft),
      features: v.features.split(',').map((f) => f.trim()).filter(Boolean),
      description: v.description,
      status: v.status,
    };
    this.saving.set(true);
    try {
      const saved = await this.store.save(this.id() ?? null, body);
      // resetForm also clears "submitted", so the emptied form shows no red "Required".
      this.formDirective().resetForm();
      await this.router.navigate(['/inventory', saved.id]);
    } catch (e) {
      this.problem.set(showServerErrors(this.form, e));
    } finally {
      this.saving.set(false);
    }
  }

  protected errorOf(name: keyof typeof this.form.controls): string {
    const c = this.form.controls[name];
    if (c.hasError('server')) return String(c.getError('server'));
    if (c.hasError('required')) return 'Required';
    if (c.hasError('min')) return 'Cannot be negative';
    if (c.hasError('max')) return 'Too large';
    if (c.hasError('maxlength')) return 'Too long';
    if (c.hasError('pattern')) return '3–10 letters or digits';
    return '';
  }
}
