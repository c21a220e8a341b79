import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Entries older than this id (the nextBefore of the previous page)' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'before must be an entry id' })
  before?: string;
}

export class PlatformAuditQueryDto extends AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this tenant' })
  @IsOptional()
  @IsUUID()
  tenantId?: string;
}

export class AuditActorView {
  @ApiProperty({ enum: ['user', 'api-key', 'service', 'system'] })
  kind!: string;

  @ApiProperty({ description: 'User id, API key id or service name' })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  role!: string | null;
}

export class AuditEntryView {
  @ApiProperty()
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: a platform-wide action' })
  tenantId!: string | null;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: AuditActorView })
  actor!: AuditActorView;

  @ApiProperty({ example: 'phone-number.updated' })
  action!: string;

  @ApiProperty({ example: 'phone-number' })
  entityType!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({ type: Object, nullable: true, description: 'Public view before (secrets as fingerprints)' })
  before!: object | null;

  @ApiProperty({ type: Object, nullable: true, description: 'Public view after (secrets as fingerprints)' })
  after!: object | null;

  @ApiProperty({ type: String, nullable: true })
  correlationId!: string | null;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView] })
  items!: AuditEntryView[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `before` for the next page' })
  nextBefore!: string | null;
}
