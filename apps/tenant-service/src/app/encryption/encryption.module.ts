import { Module } from '@nestjs/common';
import { EncryptionController } from './encryption.controller';
import { ReEncryptionService } from './re-encryption.service';

@Module({ controllers: [EncryptionController], providers: [ReEncryptionService] })
export class EncryptionModule {}
