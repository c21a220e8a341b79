import type { MessageDirection, StatusChange, TrackedMessageStatus } from '@switchboard/shared-contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A WhatsApp message (wamid) and its Genesys counterpart, with its delivery status history. */
@Entity({ name: 'tracked_messages' })
export class TrackedMessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  direction!: MessageDirection;

  @Column('text', { name: 'whatsapp_message_id' })
  whatsappMessageId!: string;

  @Column('text', { name: 'genesys_message_id' })
  genesysMessageId!: string;

  @Column('text', { name: 'conversation_id', nullable: true })
  conversationId!: string | null;

  @Column('text', { name: 'integration_id' })
  integrationId!: string;

  @Column('text', { name: 'phone_number_id' })
  phoneNumberId!: string;

  @Column('text', { name: 'customer_wa_id' })
  customerWaId!: string;

  @Column('text')
  status!: TrackedMessageStatus;

  /** Every applied status in the order it was applied, times as ISO strings. */
  @Column('jsonb', { name: 'status_history' })
  statusHistory!: StatusChange[];

  /** Which of the WhatsApp sends of its Genesys message this is: 0 of 1 for a single send. */
  @Column('smallint', { name: 'part_index' })
  partIndex!: number;

  @Column('smallint', { name: 'part_count' })
  partCount!: number;

  /** This part's failure decided the Genesys message's Failed receipt (at most one part per message). */
  @Column('boolean', { name: 'failure_decided' })
  failureDecided!: boolean;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
