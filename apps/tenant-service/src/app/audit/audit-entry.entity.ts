import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change: who (principal kind and id), what (action, entity, id), when, and the entity
 * before and after as its public view (secrets only as fingerprints). No foreign key to the
 * tenant: the trail outlives a deleted tenant. `tenant_id` is null for platform-wide actions.
 */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'tenant_id', nullable: true })
  tenantId!: string | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('text', { name: 'actor_kind' })
  actorKind!: string;

  @Column('text', { name: 'actor_id' })
  actorId!: string;

  @Column('text', { name: 'actor_role', nullable: true })
  actorRole!: string | null;

  @Column('text')
  action!: string;

  @Column('text', { name: 'entity_type' })
  entityType!: string;

  @Column('text', { name: 'entity_id' })
  entityId!: string;

  @Column('jsonb', { nullable: true })
  before!: object | null;

  @Column('jsonb', { nullable: true })
  after!: object | null;

  @Column('text', { name: 'correlation_id', nullable: true })
  correlationId!: string | null;
}
