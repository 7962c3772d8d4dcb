import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

export interface DeactivateData {
  name: string;
  /** Open leads they hold (not won, lost or merged away). */
  openLeads: number;
}

/** What the admin chose: hand the open leads on by the routing rules, keep them where they are, or nothing (cancelled). */
export type DeactivateChoice = 'redistribute' | 'keep';

/** Deactivating a person who holds open leads: says how many, and offers to hand them on by the routing rules. */
@Component({
  selector: 'oh-deactivate-dialog',
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Deactivate {{ data.name }}?</h2>
    <mat-dialog-content>
      <p>{{ data.name }} will no longer be able to sign in, and their API keys stop working.</p>
      <p data-testid="open-leads">{{ data.name }} has {{ data.openLeads }} open lead{{ data.openLeads === 1 ? '' : 's' }}. Hand {{ data.openLeads === 1 ? 'it' : 'them' }} on to other agents by the routing rules? Each lead goes to the agent its rule picks; a lead no rule takes waits in the pond, where any agent can claim it. “Deactivate” alone leaves {{ data.openLeads === 1 ? 'it' : 'them' }} with {{ data.name }}.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="undefined" cdkFocusInitial>Cancel</button>
      <button mat-stroked-button type="button" [mat-dialog-close]="'keep'">Deactivate</button>
      <button mat-flat-button type="button" [mat-dialog-close]="'redistribute'" data-testid="deactivate-redistribute">Hand on the leads and deactivate</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeactivateDialog {
  protected readonly data = inject<DeactivateData>(MAT_DIALOG_DATA);
}

export async function askHowToDeactivate(dialog: MatDialog, data: DeactivateData): Promise<DeactivateChoice | undefined> {
  const ref = dialog.open<DeactivateDialog, DeactivateData, DeactivateChoice>(DeactivateDialog, { data, width: 'min(520px, 92vw)', role: 'alertdialog', autoFocus: 'first-tabbable' });
  return firstValueFrom(ref.afterClosed());
}
