import type { Runtime } from './runtime';

/**
 * Closes every event subscription an element instance owns (timers, message and signal
 * subscriptions). Apart from ./subscriptions.ts, which opens them through the event modules, so
 * lifecycle can close them without depending on event delivery.
 */
export function closeSubscriptions(rt: Runtime, ownerKey: string): void {
  for (const key of [...rt.idx.timersByElement.get(ownerKey)]) rt.store.remove('timer', key);
  for (const key of [...rt.idx.messageSubsByElement.get(ownerKey)]) rt.store.remove('message-subscription', key);
  for (const key of [...rt.idx.signalSubsByElement.get(ownerKey)]) rt.store.remove('signal-subscription', key);
}
