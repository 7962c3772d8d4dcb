import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { PRICE_FEELING_LABELS } from '@words/broker-words';
import { PriceFeeling } from '../../api/models/price-feeling';
import { PRICE_FEELING } from '../../api/models/price-feeling-array';
import { ViewingFeedbackInputDto } from '../../api/models/viewing-feedback-input-dto';

/**
 * What a buyer thought of a home after a viewing: liked it or not, the home's features they liked
 * and did not (chips), how the price feels, their own words. The lead's feedback page and the
 * agent's "record feedback" on the lead page ask the same questions with this form.
 */
@Component({
  selector: 'oh-viewing-feedback-form',
  imports: [FormsModule, MatButtonModule, MatButtonToggleModule, MatChipsModule, MatFormFieldModule, MatInputModule, MatRadioModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form (ngSubmit)="send()" [attr.aria-label]="label()">
      <h3 [id]="ids.liked">{{ you() ? 'Did you like it?' : 'Did they like it?' }}</h3>
      <mat-button-toggle-group [attr.aria-labelledby]="ids.liked" [value]="liked()" (change)="liked.set($event.value)">
        <mat-button-toggle [value]="true">{{ you() ? 'Yes, I liked it' : 'Liked it' }}</mat-button-toggle>
        <mat-button-toggle [value]="false">{{ you() ? 'Not for me' : 'Did not like it' }}</mat-button-toggle>
      </mat-button-toggle-group>
      @if (features().length) {
        <h3 [id]="ids.likes">{{ you() ? 'What did you like?' : 'What they liked' }}</h3>
        <mat-chip-listbox multiple [attr.aria-labelledby]="ids.likes" [value]="likes()" (change)="likes.set(list($event.value))">
          @for (feature of features(); track feature) { <mat-chip-option [value]="feature" [disabled]="dislikes().includes(feature)">{{ feature }}</mat-chip-option> }
        </mat-chip-listbox>
        <h3 [id]="ids.dislikes">{{ you() ? 'What did you not like?' : 'What they did not like' }}</h3>
        <mat-chip-listbox multiple [attr.aria-labelledby]="ids.dislikes" [value]="dislikes()" (change)="dislikes.set(list($event.value))">
          @for (feature of features(); track feature) { <mat-chip-option [value]="feature" [disabled]="likes().includes(feature)">{{ feature }}</mat-chip-option> }
        </mat-chip-listbox>
      }
      <h3 [id]="ids.price">How does the price feel?</h3>
      <mat-radio-group [attr.aria-labelledby]="ids.price" [value]="price()" (change)="price.set($event.value)" class="prices">
        @for (p of prices; track p) { <mat-radio-button [value]="p">{{ priceLabel(p) }}</mat-radio-button> }
      </mat-radio-group>
      <mat-form-field appearance="outline" class="comment">
        <mat-label>{{ you() ? 'Anything else?' : 'In their words' }}</mat-label>
        <textarea matInput name="comment" rows="3" maxlength="1000" [(ngModel)]="comment"></textarea>
      </mat-form-field>
      <button mat-flat-button type="submit" [disabled]="liked() === null || busy()">{{ you() ? 'Send feedback' : 'Save feedback' }}</button>
    </form>
  `,
  styles: `
    h3 { font-size: 1rem; font-weight: 500; margin: 1rem 0 0.5rem; }
    .prices { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
    .comment { width: 100%; margin-top: 1rem; }
  `,
})
export class ViewingFeedbackForm {
  private static next = 0;
  /** The home's features, offered as chips. */
  readonly features = input.required<string[]>();
  readonly busy = input(false);
  /** Asked of the lead themselves ("Did you like it?") or of the agent about them. */
  readonly you = input(false);
  readonly label = computed(() => (this.you() ? 'Viewing feedback' : 'Record viewing feedback'));
  readonly submitted = output<ViewingFeedbackInputDto>();
  protected readonly ids = ((n) => ({ liked: `fb-liked-${n}`, likes: `fb-likes-${n}`, dislikes: `fb-dislikes-${n}`, price: `fb-price-${n}` }))(ViewingFeedbackForm.next++);
  protected readonly liked = signal<boolean | null>(null);
  protected readonly likes = signal<string[]>([]);
  protected readonly dislikes = signal<string[]>([]);
  protected readonly price = signal<PriceFeeling | null>(null);
  protected comment = '';
  protected readonly prices = PRICE_FEELING;

  protected priceLabel(p: PriceFeeling): string {
    return PRICE_FEELING_LABELS[p] ?? p;
  }

  protected list(value: unknown): string[] {
    return Array.isArray(value) ? (value as string[]) : [];
  }

  protected send(): void {
    const liked = this.liked();
    if (liked === null) return;
    this.submitted.emit({ liked, likedFeatures: this.likes(), dislikedFeatures: this.dislikes(), priceFeeling: this.price(), comment: this.comment.trim() || null });
  }
}
