import { inject, Injectable, signal } from '@angular/core';
import { Api } from '../api/api';
import { createSubscription } from '../api/fn/integrations/create-subscription';
import { deleteSubscription } from '../api/fn/integrations/delete-subscription';
import { listDeliveryAttempts } from '../api/fn/integrations/list-delivery-attempts';
import { listSubscriptionDeliveries } from '../api/fn/integrations/list-subscription-deliveries';
import { listSubscriptions } from '../api/fn/integrations/list-subscriptions';
import { resendDelivery } from '../api/fn/integrations/resend-delivery';
import { updateSubscription } from '../api/fn/integrations/update-subscription';
import { CreateSubscriptionDto } from '../api/models/create-subscription-dto';
import { DeliveryAttemptDto } from '../api/models/delivery-attempt-dto';
import { DeliveryDto } from '../api/models/delivery-dto';
import { SubscriptionDto } from '../api/models/subscription-dto';
import { errorMessage } from '../core/api-error';

/** Admin → Event notifications: the other systems told of leads, messages and viewings as they happen. */
@Injectable()
export class EventNotificationsStore {
  private readonly api = inject(Api);
  readonly subscriptions = signal<SubscriptionDto[] | null>(null);
  /** Recent notifications of the receiver whose list is open. */
  readonly deliveries = signal<{ subscriptionId: string; items: DeliveryDto[] } | null>(null);
  /** Every attempt of the notification whose details are open. */
  readonly attempts = signal<{ deliveryId: string; items: DeliveryAttemptDto[] } | null>(null);
  /** The signing secret of a receiver just added: shown once. */
  readonly newSecret = signal<{ name: string; secret: string } | null>(null);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);

  async load(): Promise<void> {
    this.error.set(null);
    try {
      this.subscriptions.set(await this.api.invoke(listSubscriptions));
    } catch (e) {
      this.error.set(errorMessage(e, 'Could not load the event notifications'));
    }
  }

  create(body: CreateSubscriptionDto): Promise<boolean> {
    return this.run(async () => {
      const created = await this.api.invoke(createSubscription, { body });
      const { secret, ...listed } = created;
      this.newSecret.set({ name: created.name, secret });
      this.subscriptions.update((list) => [...(list ?? []), listed]);
    });
  }

  setEnabled(id: string, enabled: boolean): Promise<boolean> {
    return this.run(async () => {
      const updated = await this.api.invoke(updateSubscription, { id, body: { enabled } });
      this.subscriptions.update((list) => (list ?? []).map((s) => (s.id === id ? updated : s)));
    });
  }

  remove(id: string): Promise<boolean> {
    return this.run(async () => {
      await this.api.invoke(deleteSubscription, { id });
      this.subscriptions.update((list) => (list ?? []).filter((s) => s.id !== id));
      if (this.deliveries()?.subscriptionId === id) this.deliveries.set(null);
    });
  }

  showDeliveries(subscriptionId: string): Promise<boolean> {
    return this.run(async () => {
      const items = await this.api.invoke(listSubscriptionDeliveries, { id: subscriptionId, limit: 50 });
      this.deliveries.set({ subscriptionId, items });
    });
  }

  showAttempts(deliveryId: string): Promise<boolean> {
    return this.run(async () => {
      const items = await this.api.invoke(listDeliveryAttempts, { id: deliveryId });
      this.attempts.set({ deliveryId, items });
    });
  }

  resend(delivery: DeliveryDto): Promise<boolean> {
    return this.run(async () => {
      await this.api.invoke(resendDelivery, { id: delivery.id });
    });
  }

  private async run(work: () => Promise<void>): Promise<boolean> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
      return true;
    } catch (e) {
      this.error.set(errorMessage(e));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
