// Delivers an alert to one webhook target. Implemented in jobs/notify.ts.
import type { Alert, Brand, Webhook } from '../core/types.js';

export interface NotifyResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
}

export interface Notifier {
  send(target: Webhook, alert: Alert, brand: Brand): Promise<NotifyResult>;
}
