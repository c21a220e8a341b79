import type { ConversationStatus } from '@switchboard/shared-contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer's (wa_id) Genesys conversation on one of the tenant's WhatsApp numbers. */
@Entity({ name: 'conversations' })
export class ConversationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text', { name: 'phone_number_id' })
  phoneNumberId!: string;

  @Column('text', { name: 'customer_wa_id' })
  customerWaId!: string;

  @Column('text', { name: 'customer_name', nullable: true })
  customerName!: string | null;

  @Column('text', { name: 'integration_id' })
  integrationId!: string;

  /** Genesys's conversationId: unique per tenant. */
  @Column('text', { name: 'conversation_id' })
  conversationId!: string;

  @Column('text')
  status!: ConversationStatus;

  /** Latest WhatsApp time of a customer message: the 24-hour window runs from here. Only moves forward. */
  @Column('timestamptz', { name: 'last_inbound_at', nullable: true })
  lastInboundAt!: Date | null;

  /** The wamid of that message (moves together with lastInboundAt): a typing indicator replies to it. */
  @Column('text', { name: 'last_inbound_message_id', nullable: true })
  lastInboundMessageId!: string | null;

  /** Latest activity either way: the idle expiry runs from here. Only moves forward. */
  @Column('timestamptz', { name: 'last_activity_at' })
  lastActivityAt!: Date;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;

  /** When it stopped being active (closed or expired); null while active. */
  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;
}
