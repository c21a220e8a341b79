import type { GenesysReceiptReasonCode } from '@switchboard/shared-contracts';

/**
 * An agent's message that cannot be sent, for a reason the agent must see on a Failed receipt
 * (spec B4). Thrown inside the claimed work and turned into a `failed` delivery outcome there:
 * not an error of the service, so nothing is retried or dead-lettered for it.
 */
export class MessageFailure extends Error {
  constructor(
    readonly reason: GenesysReceiptReasonCode,
    message: string,
    readonly options: { readonly templateRequired?: boolean; readonly detail?: string } = {},
  ) {
    super(message);
    this.name = 'MessageFailure';
  }

  get templateRequired(): boolean {
    return this.options.templateRequired ?? false;
  }
}
